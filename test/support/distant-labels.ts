// Files where a secret's label is present but not right before its value: a SQL column list and its
// VALUES, an UPDATE's WHERE naming the row its SET writes, a CSV header and its data rows, a notebook
// cell's source and its output, a YAML key with comment lines before its value, a pasted .env with
// Unicode spaces around `=`. Each class has files that hold a secret and files of the same structure
// that do not (another service's column, a value that fails the secret's shape tests, a placeholder).
// Every value is built at run time (fake-credentials.ts): nothing credential-shaped is stored here.
import { fakeSecretAccessKey, randomString, type Rng } from './fake-credentials.js';

export interface DistantFile {
  name: string;
  path: string;
  text: string;
  /** Lines of the expected aws-secret-access-key findings (none for a false-positive file). */
  lines: number[];
}

export type DistantClass = 'sql-insert' | 'sql-update' | 'csv' | 'notebook' | 'yaml-gap' | 'unicode-spaces';

const HEX = '0123456789abcdef';

/** 40 base64 characters that are the base64 of text: the shape of a secret, but not one. */
export function base64OfText(): string {
  return Buffer.from('the quick brown fox jumps over').toString('base64');
}

/** 40 characters of camelCase words: an identifier, not a secret. */
export function camelCaseWords(): string {
  return ['get', 'Loader', 'Vault', 'Instance', 'Config', 'Provider', 'Reso'].join('');
}

function notebook(cells: Array<{ source: string[]; text?: string[]; plain?: string[] }>): string {
  return `${JSON.stringify(
    {
      cells: cells.map(({ source, text, plain }, i) => ({
        cell_type: 'code',
        execution_count: i + 1,
        metadata: {},
        outputs: [
          ...(text ? [{ name: 'stdout', output_type: 'stream', text }] : []),
          ...(plain
            ? [{ data: { 'text/plain': plain }, execution_count: i + 1, metadata: {}, output_type: 'execute_result' }]
            : []),
        ],
        source,
      })),
      metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  )}\n`;
}

/** The 1-based line where `value` first occurs in `text`. */
function lineOf(text: string, value: string): number {
  return text.slice(0, text.indexOf(value)).split('\n').length;
}

/** Files holding a secret, per class. */
export function positives(rng: Rng): Record<DistantClass, DistantFile[]> {
  const s = () => fakeSecretAccessKey(rng);
  return {
    'sql-insert': [
      {
        name: 'one row',
        path: 'db/seed.sql',
        text: `INSERT INTO credentials (user_name, aws_secret_access_key) VALUES ('ci', '${s()}');\n`,
        lines: [1],
      },
      {
        name: 'several rows, quoted identifiers',
        path: 'db/seed.sql',
        text: `-- service accounts\nINSERT INTO "iam_keys" ("owner", "secret_access_key", "region")\nVALUES\n  ('ci', '${s()}', 'eu-west-1'),\n  ('qa', '${s()}', 'us-east-1');\n`,
        lines: [4, 5],
      },
      {
        name: 'MySQL backquotes, a generic name in an AWS file',
        path: 'db/aws_accounts.sql',
        text: `INSERT INTO \`aws_accounts\` (\`id\`, \`secret\`, \`created\`) VALUES (1, '${s()}', NOW()), (2, '${s()}', NOW());\n`,
        lines: [1, 1],
      },
    ],
    'sql-update': [
      {
        name: 'key/value table',
        path: 'db/rotate.sql',
        text: `UPDATE settings SET value='${s()}' WHERE name='aws_secret_access_key';\n`,
        lines: [1],
      },
      {
        name: 'over several lines, with another condition',
        path: 'db/rotate.sql',
        text: `UPDATE app_config\n   SET config_value = '${s()}',\n       updated_at = now()\n WHERE config_key = 'AWS_SECRET_ACCESS_KEY'\n   AND env = 'prod';\n`,
        lines: [2],
      },
    ],
    csv: [
      {
        name: 'header and one row',
        path: 'exports/users.csv',
        text: `user,region,aws_secret_access_key\nci,eu-west-1,${s()}\n`,
        lines: [2],
      },
      {
        name: 'quoted fields with commas inside, several rows',
        path: 'exports/keys.csv',
        text: `"owner","note","SecretAccessKey","created"\n"ci","rotated, then moved","${s()}","2024-01-02"\n"qa","""old"" key","${s()}","2024-02-03"\n`,
        lines: [2, 3],
      },
      {
        name: 'TSV',
        path: 'exports/keys.tsv',
        text: `name\tsecret_access_key\tregion\nci\t${s()}\tus-east-1\n`,
        lines: [2],
      },
    ],
    notebook: [
      ((v) => {
        const text = notebook([
          { source: ['import boto3\n'] },
          {
            source: [
              'import os\n',
              "aws_secret_access_key = os.environ['AWS_SECRET_ACCESS_KEY']\n",
              'print(aws_secret_access_key)',
            ],
            text: [`${v}\n`],
          },
        ]);
        return {
          name: 'a variable printed by its cell',
          path: 'notebooks/explore.ipynb',
          text,
          lines: [lineOf(text, v)],
        };
      })(s()),
      ((v) => {
        const text = notebook([
          { source: ['creds = session.get_credentials()\n', "creds['SecretAccessKey']"], plain: [`'${v}'`] },
        ]);
        return {
          name: "a dictionary's entry shown as the cell's result",
          path: 'analysis.ipynb',
          text,
          lines: [lineOf(text, v)],
        };
      })(s()),
    ],
    'yaml-gap': [
      {
        name: 'a comment line',
        path: 'config/aws.yml',
        text: `region: eu-west-1\naws_secret_access_key:\n  # rotated 2024\n  ${s()}\n`,
        lines: [4],
      },
      {
        name: 'a block scalar, a blank line and a comment',
        path: 'config/aws.yml',
        text: `aws:\n  secret_access_key: |-\n\n    # rotated 2024\n    ${s()}\n`,
        lines: [5],
      },
    ],
    'unicode-spaces': [
      {
        name: 'no-break spaces around =',
        path: '.env',
        text: `AWS_REGION=eu-west-1\nAWS_SECRET_ACCESS_KEY\u00a0=\u00a0${s()}\n`,
        lines: [2],
      },
      {
        name: 'a narrow no-break space and an ideographic space',
        path: 'config/.env',
        text: `AWS_SECRET_ACCESS_KEY\u202f=\u3000${s()}\n`,
        lines: [1],
      },
    ],
  };
}

/** Files of the same structures that hold no secret, per class. */
export function negatives(rng: Rng): Record<DistantClass, DistantFile[]> {
  const s = () => fakeSecretAccessKey(rng);
  const hex = () => randomString(rng, HEX, 40);
  return {
    'sql-insert': [
      {
        name: "another service's column",
        path: 'db/seed.sql',
        text: `INSERT INTO oauth_apps (name, client_secret) VALUES ('web', '${s()}');\n`,
        lines: [],
      },
      {
        name: 'a value that is the base64 of text',
        path: 'db/seed.sql',
        text: `INSERT INTO credentials (user_name, aws_secret_access_key) VALUES ('ci', '${base64OfText()}');\n`,
        lines: [],
      },
      {
        name: 'a placeholder, and a random value in another column',
        path: 'db/seed.sql',
        text: `INSERT INTO credentials (checksum, aws_secret_access_key) VALUES ('${s()}', '<your-secret-access-key>');\n`,
        lines: [],
      },
    ],
    'sql-update': [
      {
        name: "another service's row",
        path: 'db/rotate.sql',
        text: `UPDATE settings SET value='${s()}' WHERE name='github_client_secret';\n`,
        lines: [],
      },
      {
        name: 'a 40-hex digest',
        path: 'db/rotate.sql',
        text: `UPDATE settings SET value='${hex()}' WHERE name='aws_secret_access_key';\n`,
        lines: [],
      },
      {
        name: 'the WHERE of the next statement',
        path: 'db/rotate.sql',
        text: `UPDATE builds SET sha='${s()}';\nDELETE FROM settings WHERE name='aws_secret_access_key';\n`,
        lines: [],
      },
    ],
    csv: [
      {
        name: "another service's column",
        path: 'exports/apps.csv',
        text: `app,client_secret,region\nweb,${s()},eu-west-1\n`,
        lines: [],
      },
      {
        name: 'camelCase words under the AWS column',
        path: 'exports/users.csv',
        text: `user,region,aws_secret_access_key\nci,eu-west-1,${camelCaseWords()}\n`,
        lines: [],
      },
      {
        name: 'a random value in another column, the AWS column empty',
        path: 'exports/users.csv',
        text: `user,checksum,aws_secret_access_key\nci,${s()},\nqa,${hex()},<redacted>\n`,
        lines: [],
      },
    ],
    notebook: [
      {
        name: 'a cell printing a random value without naming a secret',
        path: 'notebooks/explore.ipynb',
        text: notebook([
          {
            source: ['import secrets, base64\n', 'print(base64.b64encode(secrets.token_bytes(30)).decode())'],
            text: [`${s()}\n`],
          },
        ]),
        lines: [],
      },
      {
        name: 'the secret named in one cell, a value printed by another',
        path: 'notebooks/explore.ipynb',
        text: notebook([
          { source: ["aws_secret_access_key = os.environ['AWS_SECRET_ACCESS_KEY']\n"] },
          { source: ['print(run_id)'], text: [`${s()}\n`] },
        ]),
        lines: [],
      },
      {
        name: 'a cell naming the secret and printing the base64 of text',
        path: 'notebooks/explore.ipynb',
        text: notebook([{ source: ["print(creds['SecretAccessKey'])"], text: [`${base64OfText()}\n`] }]),
        lines: [],
      },
    ],
    'yaml-gap': [
      {
        name: 'a comment, then a 40-hex value',
        path: 'config/aws.yml',
        text: `aws_secret_access_key:\n  # rotated 2024\n  ${hex()}\n`,
        lines: [],
      },
      {
        name: "a comment, then a value at the key's own indentation",
        path: 'config/aws.yml',
        text: `aws_secret_access_key:\n# rotated 2024\n${s()}\n`,
        lines: [],
      },
      {
        name: "another service's key",
        path: 'config/app.yml',
        text: `webhook_secret:\n  # rotated 2024\n  ${s()}\n`,
        lines: [],
      },
    ],
    'unicode-spaces': [
      { name: "another service's name", path: '.env', text: `GITHUB_CLIENT_SECRET\u00a0=\u00a0${s()}\n`, lines: [] },
      {
        name: 'camelCase words',
        path: '.env',
        text: `AWS_SECRET_ACCESS_KEY\u00a0=\u00a0${camelCaseWords()}\n`,
        lines: [],
      },
      {
        name: 'a placeholder',
        path: '.env',
        text: `AWS_SECRET_ACCESS_KEY\u00a0=\u00a0\${AWS_SECRET_ACCESS_KEY}\n`,
        lines: [],
      },
    ],
  };
}
