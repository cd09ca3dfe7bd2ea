export const region = process.env.AWS_REGION ?? 'eu-west-1';
