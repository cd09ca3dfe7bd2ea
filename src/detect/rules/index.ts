// The rules' own true- and false-positive examples (see examples.ts), one set per id of the rule
// catalog (catalog.ts): the record type makes a rule without examples a type error.
import { examples as accessKeyId } from './aws-access-key-id.js';
import { examples as bedrockApiKey } from './aws-bedrock-api-key.js';
import { examples as credentialPair } from './aws-credential-pair.js';
import { examples as secretAccessKey } from './aws-secret-access-key.js';
import { examples as sessionToken } from './aws-session-token.js';
import type { RuleId } from '../types.js';
import type { RuleExamples } from './examples.js';

export const RULE_EXAMPLES: Record<RuleId, RuleExamples> = {
  'aws-access-key-id': accessKeyId,
  'aws-secret-access-key': secretAccessKey,
  'aws-session-token': sessionToken,
  'aws-bedrock-api-key': bedrockApiKey,
  'aws-credential-pair': credentialPair,
};
