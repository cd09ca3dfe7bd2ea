// A seeded generator of realistic files in every format the detector supports: positives (with the
// rule and line each credential must be reported at) and hard negatives (documentation examples,
// placeholders, hashes, encrypted blobs, JWTs, keys of other kinds, words). Everything credential-shaped
// is built at run time: nothing a scanner would flag is ever stored in this repository.
import type { RuleId } from '../../src/detect/types.js';
import {
  fakeAccessKeyId,
  fakeBedrockKey,
  fakeBedrockShortTermKey,
  fakeSecretAccessKey,
  fakeSessionTokenOf,
  fakeStsSessionToken,
  KEY_PREFIXES,
  randomString,
  seededRandom,
  type Rng,
  type StsGeneration,
} from './fake-credentials.js';

export interface Expected {
  rule: RuleId;
  line: number;
}

export interface CorpusFile {
  /** Template name (for test titles). */
  template: string;
  path: string;
  text: string;
  /** Exactly the findings expected, as rule + line; empty for a clean file. */
  expected: Expected[];
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const HEX = '0123456789abcdef';
const REGIONS = [
  'us-east-1',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'sa-east-1',
];

class Builder {
  readonly lines: string[] = [];
  readonly expected: Expected[] = [];

  /** Appends lines; returns the 1-based number of the first one. */
  add(...lines: string[]): number {
    const first = this.lines.length + 1;
    for (const l of lines) this.lines.push(...l.split('\n'));
    return first;
  }

  /** Appends a line and expects `rule` on it. */
  hit(rule: RuleId, line: string): number {
    const n = this.add(line);
    this.expected.push({ rule, line: n });
    return n;
  }

  expect(rule: RuleId, line: number): void {
    this.expected.push({ rule, line });
  }
}

interface Ctx {
  rng: Rng;
  pick<T>(items: readonly T[]): T;
  int(min: number, max: number): number;
  word(): string;
  id(prefix?: string): string;
  secret(): string;
  token(): string;
  region(): string;
  bucket(): string;
  hex(n: number): string;
  b64(n: number): string;
  uuid(): string;
  /** A few lines of harmless filler in the style of the file. */
  filler(style: 'hash' | 'slash' | 'none'): string[];
}

function context(rng: Rng, stsRng: Rng): Ctx {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
  const int = (min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
  const word = (): string =>
    pick([
      'orders',
      'billing',
      'invoices',
      'media',
      'reports',
      'assets',
      'users',
      'events',
      'backup',
      'analytics',
      'uploads',
      'logs',
    ]);
  return {
    rng,
    pick,
    int,
    word,
    id: (prefix = KEY_PREFIXES.long) => fakeAccessKeyId(rng, prefix),
    secret: () => fakeSecretAccessKey(rng),
    // Half as STS issues them (a header, then a `//////////` run), half a known prefix + random base64.
    // The STS ones come from a stream of their own, so every other value of the corpus stays the same.
    token: () => {
      const flat = fakeSessionTokenOf(rng, int(0, 2) as 0 | 1 | 2, int(280, 600));
      return stsRng() < 0.5
        ? fakeStsSessionToken(stsRng, Math.floor(stsRng() * 5) as StsGeneration, 200 + Math.floor(stsRng() * 250))
        : flat;
    },
    region: () => pick(REGIONS),
    bucket: () => `${word()}-${randomString(rng, LOWER, 6)}-${pick(['prod', 'staging', 'dev'])}`,
    hex: (n) => randomString(rng, HEX, n),
    b64: (n) => randomString(rng, BASE64, n),
    uuid: () => [8, 4, 4, 4, 12].map((n) => randomString(rng, HEX, n)).join('-'),
    filler(style) {
      const c = style === 'hash' ? '# ' : style === 'slash' ? '// ' : '';
      const options = [
        `${c}${pick(['TODO', 'NOTE', 'FIXME'])}: ${pick(['clean this up', 'move to config', 'see ticket', 'retry on timeout'])} ${randomString(rng, LOWER, 5)}`,
        `${c}${pick(['Service', 'Worker', 'Handler'])} for ${word()} (${pick(REGIONS)})`,
        '',
      ];
      return Array.from({ length: int(0, 2) }, () => pick(options)).filter(
        (l) => style !== 'none' || !l.startsWith('#'),
      );
    },
  };
}

type Template = (c: Ctx, b: Builder) => string; // returns the path

/** Access key id prefixes assembled at run time. */
const P = KEY_PREFIXES;

// ---------------------------------------------------------------- positives

const POSITIVES: Record<string, Template> = {
  dotenv(c, b) {
    b.add(`# ${c.word()} service`, `NODE_ENV=production`, `PORT=${c.int(3000, 9000)}`, `AWS_REGION=${c.region()}`);
    const quote = c.pick(['', '"', "'"]);
    b.hit('aws-credential-pair', `AWS_ACCESS_KEY_ID=${quote}${c.id()}${quote}`);
    b.add(`AWS_SECRET_ACCESS_KEY=${quote}${c.secret()}${quote}`, `S3_BUCKET=${c.bucket()}`, `LOG_LEVEL=info`);
    return c.pick(['.env', '.env.production', 'config/.env.local']);
  },
  shell(c, b) {
    b.add('#!/usr/bin/env bash', 'set -euo pipefail', ...c.filler('hash'));
    b.hit('aws-credential-pair', `export AWS_ACCESS_KEY_ID=${c.id()}`);
    b.add(
      `export AWS_SECRET_ACCESS_KEY="${c.secret()}"`,
      `export AWS_DEFAULT_REGION=${c.region()}`,
      `aws s3 sync ./dist s3://${c.bucket()}/ --delete`,
    );
    return c.pick(['deploy.sh', 'scripts/release.sh', 'bin/sync-assets']);
  },
  awsCredentialsFile(c, b) {
    b.add('[default]');
    b.hit('aws-credential-pair', `aws_access_key_id = ${c.id()}`);
    b.add(`aws_secret_access_key = ${c.secret()}`, '');
    b.add(`[${c.word()}-admin]`);
    b.hit('aws-credential-pair', `aws_access_key_id=${c.id()}`);
    b.add(`aws_secret_access_key=${c.secret()}`);
    b.hit('aws-session-token', `aws_session_token=${c.token()}`);
    b.add(`region=${c.region()}`);
    return c.pick(['.aws/credentials', 'home/ci/.aws/credentials', 'credentials']);
  },
  jsonConfig(c, b) {
    const secret = c.secret();
    const escaped = c.rng() < 0.5 ? secret.replace(/\//g, '\\/') : secret;
    b.add('{', `  "service": "${c.word()}",`, `  "aws": {`, `    "region": "${c.region()}",`);
    b.hit('aws-credential-pair', `    "accessKeyId": "${c.id()}",`);
    b.add(`    "secretAccessKey": "${escaped}"`, '  },', `  "bucket": "${c.bucket()}"`, '}');
    return c.pick(['config/production.json', 'appsettings.json', 'settings.json']);
  },
  yamlConfig(c, b) {
    b.add(`app:`, `  name: ${c.word()}`, `storage:`, `  provider: s3`, `  region: ${c.region()}`);
    b.hit('aws-credential-pair', `  access_key_id: ${c.id()}`);
    const q = c.pick(['', '"', "'"]);
    b.add(`  secret_access_key: ${q}${c.secret()}${q}`);
    b.add(`  bucket: ${c.bucket()}`);
    return c.pick(['config/storage.yml', 'application.yaml', 'values.yaml']);
  },
  k8sDeploymentEnv(c, b) {
    b.add(
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: ${c.word()}`,
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      `        - name: app`,
      `          image: registry.local/${c.word()}:1.4.2`,
      '          env:',
    );
    b.add('            - name: AWS_ACCESS_KEY_ID');
    b.hit('aws-credential-pair', `              value: ${c.id()}`);
    b.add(
      '            - name: AWS_SECRET_ACCESS_KEY',
      `              value: "${c.secret()}"`,
      '            - name: AWS_REGION',
      `              value: ${c.region()}`,
    );
    return 'k8s/deployment.yaml';
  },
  terraform(c, b) {
    b.add('provider "aws" {', `  region     = "${c.region()}"`);
    b.hit('aws-credential-pair', `  access_key = "${c.id()}"`);
    b.add(
      `  secret_key = "${c.secret()}"`,
      '}',
      '',
      `resource "aws_s3_bucket" "${c.word()}" {`,
      `  bucket = "${c.bucket()}"`,
      '}',
    );
    return c.pick(['main.tf', 'infra/providers.tf']);
  },
  tfvars(c, b) {
    b.add(`environment = "${c.pick(['prod', 'staging'])}"`);
    b.hit('aws-credential-pair', `aws_access_key = "${c.id()}"`);
    b.add(`aws_secret_key = "${c.secret()}"`);
    return 'terraform.tfvars';
  },
  pythonBoto(c, b) {
    b.add(
      'import boto3',
      '',
      ...c.filler('hash'),
      'def client():',
      '    return boto3.client(',
      `        "s3",`,
      `        region_name="${c.region()}",`,
    );
    b.hit('aws-credential-pair', `        aws_access_key_id="${c.id()}",`);
    b.add(`        aws_secret_access_key="${c.secret()}",`, '    )');
    return c.pick(['app/storage.py', 'scripts/upload.py']);
  },
  pythonSettings(c, b) {
    b.add('import os', '', 'DEBUG = False', `AWS_STORAGE_BUCKET_NAME = "${c.bucket()}"`);
    b.hit('aws-secret-access-key', `AWS_SECRET_ACCESS_KEY = '${c.secret()}'`);
    b.add(`AWS_S3_REGION_NAME = "${c.region()}"`);
    return 'project/settings.py';
  },
  jsSdk(c, b) {
    b.add(
      `import { S3Client } from '@aws-sdk/client-s3';`,
      '',
      ...c.filler('slash'),
      'export const s3 = new S3Client({',
      `  region: '${c.region()}',`,
      '  credentials: {',
    );
    b.hit('aws-credential-pair', `    accessKeyId: '${c.id()}',`);
    b.add(`    secretAccessKey: '${c.secret()}',`, '  },', '});');
    return c.pick(['src/s3.ts', 'lib/aws.js', 'server/storage.mjs']);
  },
  jsFallback(c, b) {
    b.add(`const AWS = require('aws-sdk');`);
    b.hit(
      'aws-secret-access-key',
      `const secret = ${['process', 'env'].join('.')}.AWS_SECRET_ACCESS_KEY || '${c.secret()}';`,
    );
    b.add(`module.exports = { secret };`);
    return 'config/aws.js';
  },
  javaCredentials(c, b) {
    b.add(
      'package com.example.storage;',
      '',
      'import com.amazonaws.auth.BasicAWSCredentials;',
      '',
      'public class Storage {',
      '  private final BasicAWSCredentials creds =',
    );
    b.hit('aws-credential-pair', `      new BasicAWSCredentials("${c.id()}", "${c.secret()}");`);
    b.add('}');
    return 'src/main/java/com/example/storage/Storage.java';
  },
  javaProperties(c, b) {
    b.add(`spring.application.name=${c.word()}`, `cloud.aws.region.static=${c.region()}`);
    b.hit('aws-credential-pair', `cloud.aws.credentials.access-key=${c.id()}`);
    b.add(`cloud.aws.credentials.secret-key=${c.secret()}`);
    return 'src/main/resources/application.properties';
  },
  kotlin(c, b) {
    b.add('object AwsConfig {');
    b.hit('aws-credential-pair', `    const val ACCESS_KEY: String = "${c.id()}"`);
    b.add(`    const val SECRET_KEY: String = "${c.secret()}"`, '}');
    return 'app/src/main/kotlin/AwsConfig.kt';
  },
  goStatic(c, b) {
    b.add(
      'package storage',
      '',
      'import "github.com/aws/aws-sdk-go/aws/credentials"',
      '',
      'func creds() *credentials.Credentials {',
    );
    b.hit('aws-credential-pair', `\treturn credentials.NewStaticCredentials("${c.id()}", "${c.secret()}", "")`);
    b.add('}');
    return 'internal/storage/creds.go';
  },
  csharp(c, b) {
    b.add('using Amazon.Runtime;', '', 'public static class Aws', '{');
    b.hit(
      'aws-credential-pair',
      `    public static readonly AWSCredentials Creds = new BasicAWSCredentials("${c.id()}",`,
    );
    b.add(`        "${c.secret()}");`, '}');
    return 'src/Aws.cs';
  },
  php(c, b) {
    b.add('<?php', '', 'return [', "    's3' => [", "        'driver' => 's3',");
    b.hit('aws-credential-pair', `        'key' => '${c.id()}',`);
    b.add(`        'secret' => '${c.secret()}',`, `        'region' => '${c.region()}',`, '    ],', '];');
    return 'config/filesystems.php';
  },
  ruby(c, b) {
    b.add("require 'aws-sdk-s3'", '', 'Aws.config.update(', `  region: '${c.region()}',`);
    b.hit('aws-credential-pair', `  credentials: Aws::Credentials.new('${c.id()}', '${c.secret()}')`);
    b.add(')');
    return 'config/initializers/aws.rb';
  },
  dockerfile(c, b) {
    b.add('FROM node:20-alpine', 'WORKDIR /app', 'COPY . .');
    b.hit('aws-credential-pair', `ENV AWS_ACCESS_KEY_ID=${c.id()}`);
    b.add(`ENV AWS_SECRET_ACCESS_KEY ${c.secret()}`, 'RUN npm ci && npm run build', 'CMD ["node", "dist/server.js"]');
    return 'Dockerfile';
  },
  xmlSpring(c, b) {
    b.add(
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<beans>',
      '  <bean id="credentials" class="com.amazonaws.auth.BasicAWSCredentials">',
    );
    b.hit('aws-credential-pair', `    <constructor-arg value="${c.id()}"/>`);
    b.add(`    <constructor-arg value="${c.secret()}"/>`, '  </bean>', '</beans>');
    return 'src/main/resources/beans.xml';
  },
  webConfig(c, b) {
    b.add('<configuration>', '  <appSettings>', `    <add key="AWSRegion" value="${c.region()}" />`);
    b.hit('aws-credential-pair', `    <add key="AWSAccessKey" value="${c.id()}" />`);
    b.add(`    <add key="AWSSecretKey" value="${c.secret()}" />`, '  </appSettings>', '</configuration>');
    return 'Web.config';
  },
  iamCsv(c, b) {
    const modern = c.rng() < 0.5;
    if (modern) {
      b.add('Access key ID,Secret access key');
      b.hit('aws-credential-pair', `${c.id()},${c.secret()}`);
    } else {
      b.add('User name,Password,Access key ID,Secret access key,Console login link');
      b.hit(
        'aws-credential-pair',
        `${c.word()},,${c.id()},${c.secret()},https://123456789012.signin.aws.amazon.com/console`,
      );
    }
    return c.pick(['credentials.csv', `${c.word()}_accessKeys.csv`]);
  },
  markdown(c, b) {
    b.add(`# ${c.word()} service`, '', 'Local setup:', '', '```sh');
    b.hit('aws-credential-pair', `export AWS_ACCESS_KEY_ID=${c.id()}`);
    b.add(`export AWS_SECRET_ACCESS_KEY=${c.secret()}`, '```', '', 'Then run `make dev`.');
    return 'README.md';
  },
  markdownProse(c, b) {
    b.add('## Staging access', '');
    b.hit('aws-secret-access-key', `The staging secret access key is \`${c.secret()}\`, rotate it monthly.`);
    return 'docs/staging.md';
  },
  logLine(c, b) {
    b.add(`2024-03-0${c.int(1, 9)}T10:15:00Z INFO starting ${c.word()} worker`);
    b.hit(
      'aws-credential-pair',
      `2024-03-01T10:15:01Z DEBUG using credentials accessKeyId=${c.id()} secretAccessKey=${c.secret()} region=${c.region()}`,
    );
    b.add('2024-03-01T10:15:02Z INFO connected');
    return c.pick(['logs/worker.log', 'debug.log']);
  },
  standaloneKeyId(c, b) {
    b.add(`Ticket: access denied for ${c.word()} uploads`, '');
    b.hit('aws-access-key-id', `The failing key is ${c.id()} (created last week).`);
    return 'notes/incident.txt';
  },
  stsJson(c, b) {
    b.add('{', '    "Credentials": {');
    b.hit('aws-credential-pair', `        "AccessKeyId": "${c.id(P.session)}",`);
    b.add(`        "SecretAccessKey": "${c.secret()}",`);
    b.hit('aws-session-token', `        "SessionToken": "${c.token()}",`);
    b.add(
      '        "Expiration": "2024-03-01T12:00:00Z"',
      '    },',
      '    "AssumedRoleUser": {',
      '        "AssumedRoleId": "AROA3XFRBF23AB4CDE5FG:ci",',
      '        "Arn": "arn:aws:sts::123456789012:assumed-role/ci/ci"',
      '    }',
      '}',
    );
    return 'assume-role-output.json';
  },
  presignedUrl(c, b) {
    const token = c.token().replace(/\//g, '%2F').replace(/\+/g, '%2B').replace(/=/g, '%3D');
    b.add('# download link (expires in 1h)');
    const line = b.add(
      `curl -o report.csv "https://${c.bucket()}.s3.${c.region()}.amazonaws.com/report.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${c.id(P.session)}%2F20240301%2F${c.region()}%2Fs3%2Faws4_request&X-Amz-Date=20240301T101500Z&X-Amz-Expires=3600&X-Amz-Security-Token=${token}&X-Amz-SignedHeaders=host&X-Amz-Signature=${c.hex(64)}"`,
    );
    b.expect('aws-access-key-id', line);
    b.expect('aws-session-token', line);
    return 'scripts/download.sh';
  },
  k8sSecretData(c, b) {
    const enc = (s: string): string => Buffer.from(c.rng() < 0.5 ? s : `${s}\n`).toString('base64');
    b.add('apiVersion: v1', 'kind: Secret', 'metadata:', `  name: ${c.word()}-aws`, 'type: Opaque', 'data:');
    b.hit('aws-credential-pair', `  AWS_ACCESS_KEY_ID: ${enc(c.id())}`);
    b.add(`  AWS_SECRET_ACCESS_KEY: ${enc(c.secret())}`);
    return 'k8s/secret.yaml';
  },
  dockerConfigJson(c, b) {
    const auth = Buffer.from(`${c.id()}:${c.secret()}`).toString('base64');
    const config = Buffer.from(JSON.stringify({ auths: { 'registry.example.com': { auth } } })).toString('base64');
    b.add('apiVersion: v1', 'kind: Secret', 'type: kubernetes.io/dockerconfigjson', 'data:');
    b.hit('aws-credential-pair', `  .dockerconfigjson: ${config}`);
    return 'k8s/registry.yaml';
  },
  envBlob(c, b) {
    const blob = Buffer.from(
      `AWS_ACCESS_KEY_ID=${c.id()}\nAWS_SECRET_ACCESS_KEY=${c.secret()}\nAWS_REGION=${c.region()}\n`,
    ).toString('base64');
    b.add(`# generated by ${c.word()}-ci`);
    b.hit('aws-credential-pair', `ENV_FILE_B64=${blob}`);
    return 'ci/env.b64.txt';
  },
  wrappedBase64(c, b) {
    const id = c.id();
    const text = `[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${c.secret()}\nregion = ${c.region()}\n# ${randomString(c.rng, LOWER, 40)}\n`;
    const encoded = Buffer.from(text).toString('base64');
    const lines = encoded.match(/.{1,76}/g) ?? [];
    b.add('-- credentials backup --');
    const first = b.add(...lines);
    b.expect('aws-credential-pair', first + Math.floor(Math.floor((text.indexOf(id) * 4) / 3) / 76));
    return 'backup/credentials.b64';
  },
  bedrockEnv(c, b) {
    b.add('# Bedrock');
    b.hit(
      'aws-bedrock-api-key',
      `AWS_BEARER_TOKEN_BEDROCK=${c.rng() < 0.5 ? fakeBedrockKey(c.rng) : fakeBedrockShortTermKey(c.rng)}`,
    );
    b.add(`AWS_REGION=${c.region()}`);
    return '.env';
  },
  concatenated(c, b) {
    const id = c.id();
    const cut = c.int(4, 12);
    b.add('// split so the scanner misses it');
    b.hit('aws-credential-pair', `const accessKey = "${id.slice(0, cut)}" + "${id.slice(cut)}";`);
    const secret = c.secret();
    b.add(`const secretKey = "${secret.slice(0, 20)}" +`, `  "${secret.slice(20)}";`);
    return 'src/legacy.js';
  },
  pythonImplicitConcat(c, b) {
    const secret = c.secret();
    b.add('AWS_SECRET_ACCESS_KEY = (');
    b.hit('aws-secret-access-key', `    "${secret.slice(0, 17)}"`);
    b.add(`    "${secret.slice(17)}"`, ')');
    return 'settings_local.py';
  },
  urlEncodedQuery(c, b) {
    const secret = c.secret().replace(/\//g, '%2F').replace(/\+/g, '%2B');
    b.hit(
      'aws-credential-pair',
      `GET /callback?aws_access_key_id=${c.id()}&aws_secret_access_key=${secret}&region=${c.region()} HTTP/1.1`,
    );
    return 'logs/access.log';
  },
  githubActions(c, b) {
    b.add('name: deploy', 'on: push', 'jobs:', '  deploy:', '    runs-on: ubuntu-latest', '    env:');
    b.hit('aws-credential-pair', `      AWS_ACCESS_KEY_ID: ${c.id()}`);
    b.add(
      `      AWS_SECRET_ACCESS_KEY: ${c.secret()}`,
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - run: ./deploy.sh',
    );
    return '.github/workflows/deploy.yml';
  },
  dockerCompose(c, b) {
    b.add("version: '3.8'", 'services:', '  worker:', `    image: ${c.word()}:latest`, '    environment:');
    b.hit('aws-credential-pair', `      - AWS_ACCESS_KEY_ID=${c.id()}`);
    b.add(`      - AWS_SECRET_ACCESS_KEY=${c.secret()}`);
    return 'docker-compose.yml';
  },
  notebook(c, b) {
    b.add('{', ' "cells": [', '  {', '   "cell_type": "code",', '   "source": [', '    "import boto3\\n",');
    b.hit('aws-credential-pair', `    "session = boto3.Session(aws_access_key_id='${c.id()}',\\n",`);
    b.add(`    "    aws_secret_access_key='${c.secret()}')\\n"`, '   ]', '  }', ' ]', '}');
    return 'analysis.ipynb';
  },
  secretOnlyIni(c, b) {
    b.add('[profile ci]', `region = ${c.region()}`);
    b.hit('aws-secret-access-key', `aws_secret_access_key = ${c.secret()}`);
    return '.aws/config';
  },
  awsConfigure(c, b) {
    b.add('$ aws configure');
    b.hit('aws-credential-pair', `AWS Access Key ID [None]: ${c.id()}`);
    b.add(
      `AWS Secret Access Key [None]: ${c.secret()}`,
      `Default region name [None]: ${c.region()}`,
      'Default output format [None]: json',
    );
    return 'docs/setup-transcript.txt';
  },
  hclVariableDefault(c, b) {
    b.add('variable "aws_secret_key" {', '  type    = string');
    b.hit('aws-secret-access-key', `  default = "${c.secret()}"`);
    b.add('}');
    return 'variables.tf';
  },
  /** Test fixtures with ids made up of [A-Z0-9] (0, 1, 8, 9 are not base32): a label or a pair is evidence. */
  madeUpAlphabetId(c, b) {
    const id = () =>
      `${P.long}${randomString(c.rng, '0189', 1)}${randomString(c.rng, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 15)}`;
    b.add('import boto3', '');
    b.hit('aws-access-key-id', `TEST_CREDS = {"aws_access_key_id": "${id()}"}`);
    b.add('', 'client = boto3.client(');
    b.hit('aws-credential-pair', `    "s3", "${id()}",`);
    b.add(`    "${c.secret()}",`, ')');
    return 'tests/conftest.py';
  },
  /** S3 connectors and agents that name the secret their own way, with no key id nearby. */
  s3ConnectorSecret(c, b) {
    const style = c.int(0, 4);
    if (style === 0) {
      b.add('<match app.**>', '  @type s3', `  s3_bucket ${c.bucket()}`);
      b.hit('aws-secret-access-key', `  aws_sec_key ${c.secret()}`);
      b.add('</match>');
      return 'fluent.conf';
    }
    if (style === 1) {
      b.add('<configuration>', '  <property>', '    <name>fs.s3a.secret.key</name>');
      b.hit('aws-secret-access-key', `    <value>${c.secret()}</value>`);
      b.add('  </property>', '</configuration>');
      return 'core-site.xml';
    }
    if (style === 2) {
      b.add(`spark.master yarn`);
      b.hit('aws-secret-access-key', `spark.hadoop.fs.s3a.secret.key ${c.secret()}`);
      return 'conf/spark-defaults.conf';
    }
    if (style === 3) {
      b.add('connector.name=iceberg', `s3.region=${c.region()}`);
      b.hit('aws-secret-access-key', `s3.secret-key=${c.secret()}`);
      return 'etc/catalog/iceberg.properties';
    }
    b.hit('aws-secret-access-key', `JAVA_OPTS="-Daws.secretKey=${c.secret()} -Xmx512m"`);
    return 'bin/setenv.sh';
  },
};

// ---------------------------------------------------------------- negatives

const NEGATIVES: Record<string, Template> = {
  envExample(c, b) {
    b.add(
      '# copy to .env and fill in',
      'AWS_ACCESS_KEY_ID=',
      'AWS_SECRET_ACCESS_KEY=<your-secret-access-key>',
      `AWS_REGION=${c.region()}`,
      'AWS_SESSION_TOKEN=${AWS_SESSION_TOKEN}',
    );
    return '.env.example';
  },
  awsDocsExample(c, b) {
    const docId = `${P.long}IOSFODNN7EXAMPLE`;
    const docSecret = `${['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCY'].join('/')}${'EXAMPLEKEY'}`;
    b.add(
      '## Configure the CLI',
      '',
      '```',
      '$ aws configure',
      `AWS Access Key ID [None]: ${docId}`,
      `AWS Secret Access Key [None]: ${docSecret}`,
      `Default region name [None]: ${c.region()}`,
      '```',
    );
    return 'docs/cli.md';
  },
  docsExampleVariant(c, b) {
    b.add(
      '[default]',
      `aws_access_key_id = ${P.long}${randomString(c.rng, 'ABCDEFGHJKLMNPQRSTUVWXYZ234567', 9)}EXAMPLE`,
      `aws_secret_access_key = ${c.secret().slice(0, 30)}EXAMPLEKEY`,
    );
    return 'docs/credentials-example.ini';
  },
  terraformVariables(_c, b) {
    b.add(
      'provider "aws" {',
      `  region     = var.region`,
      '  access_key = var.aws_access_key',
      '  secret_key = var.aws_secret_key',
      '}',
    );
    return 'main.tf';
  },
  githubSecrets(_c, b) {
    b.add(
      'jobs:',
      '  deploy:',
      '    env:',
      '      AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}',
      '      AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}',
      '      AWS_SESSION_TOKEN: ${{ secrets.AWS_SESSION_TOKEN }}',
    );
    return '.github/workflows/ci.yml';
  },
  k8sSecretKeyRef(c, b) {
    b.add(
      '          env:',
      '            - name: AWS_SECRET_ACCESS_KEY',
      '              valueFrom:',
      '                secretKeyRef:',
      `                  name: ${c.word()}-aws`,
      '                  key: aws-secret-access-key',
    );
    return 'k8s/deployment.yaml';
  },
  packageLock(c, b) {
    b.add('{', '  "name": "app",', '  "lockfileVersion": 3,', '  "packages": {');
    for (let i = 0; i < c.int(3, 8); i++) {
      b.add(
        `    "node_modules/${c.word()}-${i}": {`,
        `      "version": "1.${i}.0",`,
        `      "resolved": "https://registry.npmjs.org/x/-/x-1.${i}.0.tgz",`,
        `      "integrity": "sha512-${c.b64(86)}=="`,
        '    },',
      );
    }
    b.add('  }', '}');
    return 'package-lock.json';
  },
  yarnLock(c, b) {
    b.add(
      `"${c.word()}@^2.0.0":`,
      '  version "2.1.0"',
      `  resolved "https://registry.yarnpkg.com/x/-/x-2.1.0.tgz#${c.hex(40)}"`,
      `  integrity sha1-${c.b64(27)}=`,
    );
    return 'yarn.lock';
  },
  sourcemap(c, b) {
    const mappings = Array.from({ length: 60 }, () => randomString(c.rng, BASE64, c.int(4, 8))).join(',');
    b.add(
      `{"version":3,"file":"app.min.js","sources":["src/app.ts"],"names":["a","b"],"mappings":"${mappings};${mappings}"}`,
    );
    return 'dist/app.min.js.map';
  },
  inlineSourcemap(c, b) {
    const map = Buffer.from(
      JSON.stringify({
        version: 3,
        sources: ['a.ts'],
        mappings: Array.from({ length: 40 }, () => randomString(c.rng, BASE64, 6)).join(';'),
      }),
    ).toString('base64');
    b.add('function a(){return 1}', `//# sourceMappingURL=data:application/json;charset=utf-8;base64,${map}`);
    return 'dist/a.js';
  },
  jwtConfig(c, b) {
    const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    b.add(
      `sessionToken: ${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: c.uuid(), iat: 1700000000, scope: 'read write' })}.${randomString(c.rng, ALNUM, 43)}`,
    );
    b.add(`api_token = "${part({ alg: 'RS256' })}.${part({ user: c.word() })}.${randomString(c.rng, ALNUM, 86)}"`);
    return 'config/test-tokens.yml';
  },
  sshKey(c, b) {
    b.add('-----BEGIN OPENSSH PRIVATE KEY-----');
    for (let i = 0; i < 6; i++) b.add(c.b64(70));
    b.add(
      c.b64(40),
      '-----END OPENSSH PRIVATE KEY-----',
      '',
      `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${c.b64(43)} deploy@ci`,
    );
    return 'deploy/id_ed25519';
  },
  pemCert(c, b) {
    b.add('-----BEGIN CERTIFICATE-----');
    for (let i = 0; i < 8; i++) b.add(c.b64(64));
    b.add(`${c.b64(40)}=`, '-----END CERTIFICATE-----');
    return 'certs/ca.pem';
  },
  pgpBlock(c, b) {
    b.add('-----BEGIN PGP PUBLIC KEY BLOCK-----', '');
    for (let i = 0; i < 6; i++) b.add(c.b64(64));
    b.add(`=${c.b64(4)}`, '-----END PGP PUBLIC KEY BLOCK-----');
    return 'keys/release.asc';
  },
  iamJson(c, b) {
    const suffix = c.id().slice(4);
    b.add(
      '{',
      '  "User": {',
      `    "UserName": "${c.word()}",`,
      `    "UserId": "AIDA${suffix}",`,
      `    "Arn": "arn:aws:iam::${c.int(100000000000, 999999999999)}:user/${c.word()}"`,
      '  },',
      `  "RoleId": "AROA${c.id().slice(4)}",`,
      `  "GroupId": "AGPA${c.id().slice(4)}",`,
      `  "PolicyId": "ANPA${c.id().slice(4)}",`,
      `  "InstanceProfileId": "AIPA${c.id().slice(4)}",`,
      `  "SSHPublicKeyId": "APKA${c.id().slice(4)}",`,
      `  "Account": "${c.int(100000000000, 999999999999)}"`,
      '}',
    );
    return 'iam-user.json';
  },
  gitLog(c, b) {
    for (let i = 0; i < 4; i++)
      b.add(
        `commit ${c.hex(40)}`,
        `Author: Dev <dev@example.com>`,
        '',
        `    Rotate ${c.word()} secret_key handling`,
        '',
      );
    return 'CHANGELOG.txt';
  },
  sops(c, b) {
    b.add(
      `aws_access_key_id: ENC[AES256_GCM,data:${c.b64(28)},iv:${c.b64(43)}=,tag:${c.b64(22)}==,type:str]`,
      `aws_secret_access_key: ENC[AES256_GCM,data:${c.b64(56)},iv:${c.b64(43)}=,tag:${c.b64(22)}==,type:str]`,
      'sops:',
      '    kms:',
      `        - arn: arn:aws:kms:${c.region()}:123456789012:key/${c.uuid()}`,
      `          enc: ${c.b64(180)}`,
      `    mac: ENC[AES256_GCM,data:${c.b64(88)},iv:${c.b64(43)}=,tag:${c.b64(22)}==,type:str]`,
    );
    return 'secrets.enc.yaml';
  },
  sealedSecret(c, b) {
    b.add(
      'apiVersion: bitnami.com/v1alpha1',
      'kind: SealedSecret',
      'spec:',
      '  encryptedData:',
      `    AWS_ACCESS_KEY_ID: ${c.b64(600)}`,
      `    AWS_SECRET_ACCESS_KEY: ${c.b64(600)}==`,
    );
    // Ciphertexts start with `Ag`; under a session-token key they are still not tokens. A local generator
    // seeded from the file keeps the shared random stream (and so every other template) unchanged.
    const local = seededRandom((b.lines[4] as string).charCodeAt(30) * 65_537 + (b.lines[5] as string).charCodeAt(40));
    const key = ['AWS_SESSION_TOKEN', 'aws_session_token', 'SessionToken'][Math.floor(local() * 3)] as string;
    const sealed = `Ag${randomString(local, BASE64, 600 + Math.floor(local() * 200))}==`;
    if (local() < 0.5) b.add(`    ${key}: ${sealed}`);
    else b.add('---', JSON.stringify({ kind: 'SealedSecret', spec: { encryptedData: { [key]: sealed } } }, null, 2));
    return 'k8s/sealed.yaml';
  },
  vault(c, b) {
    b.add(`aws_secret_access_key: vault:v1:${c.b64(80)}`, `aws_session_token: "vault:v1:${c.b64(120)}"`);
    return 'config/vault.yml';
  },
  identifiers(c, b) {
    const ulid = `01${randomString(c.rng, '0123456789ABCDEFGHJKMNPQRSTVWXYZ', 24)}`;
    b.add(
      `id := "${ulid}"`,
      `uuid := "${c.uuid()}"`,
      `etag := "${c.hex(32)}"`,
      `sha1 := "${c.hex(40)}"`,
      `sha256 := "${c.hex(64)}"`,
    );
    return 'ids.go';
  },
  envReferences(_c, b) {
    b.add(
      'import os',
      'session = boto3.Session(',
      '    aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],',
      "    aws_secret_access_key=os.environ.get('AWS_SECRET_ACCESS_KEY'),",
      "    aws_session_token=os.getenv('AWS_SESSION_TOKEN'),",
      ')',
    );
    return 'app/session.py';
  },
  jsReferences(_c, b) {
    const pe = ['process', 'env'].join('.');
    b.add(
      'const client = new S3Client({',
      '  credentials: {',
      `    accessKeyId: ${pe}.AWS_ACCESS_KEY_ID,`,
      `    secretAccessKey: ${pe}.AWS_SECRET_ACCESS_KEY,`,
      `    sessionToken: ${pe}.AWS_SESSION_TOKEN,`,
      '  },',
      '});',
    );
    return 'src/client.ts';
  },
  rubyReferences(_c, b) {
    b.add(
      "Aws.config.update(credentials: Aws::Credentials.new(ENV.fetch('AWS_ACCESS_KEY_ID'), ENV.fetch('AWS_SECRET_ACCESS_KEY')))",
      "secret = ENV['AWS_SECRET_ACCESS_KEY']",
    );
    return 'config/aws.rb';
  },
  randomCsv(c, b) {
    b.add('id,checksum,token,created');
    for (let i = 0; i < c.int(3, 8); i++) b.add(`${i},${c.hex(40)},${c.secret()},2024-01-0${c.int(1, 9)}`);
    return 'data/export.csv';
  },
  maskedKeys(c, b) {
    const id = c.id();
    b.add(
      `Rotated ${P.long}…${id.slice(-4)} yesterday.`,
      `Old key: ${P.long}************${id.slice(-4)}`,
      `aws_access_key_id = ${P.long}XXXXXXXXXXXXXXXX`,
      `aws_secret_access_key = ${'*'.repeat(40)}`,
      'aws_secret_access_key = [REDACTED]',
      `secret: ${'x'.repeat(40)}`,
    );
    return 'docs/rotation.md';
  },
  regionWords(_c, b) {
    b.add(
      `const REGION_GROUPS = ["${P.session}PACIFICSINGAPORE", "${P.session}PACIFICSOUTHEAST", "ASIA_PACIFIC_TOKYO"];`,
      `enum Market { ${P.session}NORTHEASTMARKETS, EUROPE }`,
    );
    return 'src/regions.ts';
  },
  djangoSettings(c, b) {
    const key = `django-insecure-${randomString(c.rng, 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)', 50)}`;
    b.add(
      `SECRET_KEY = '${key}'`,
      'DEBUG = False',
      `AWS_STORAGE_BUCKET_NAME = '${c.bucket()}'`,
      `AWS_S3_REGION_NAME = '${c.region()}'`,
      "AWS_ACCESS_KEY_ID = os.environ['AWS_ACCESS_KEY_ID']",
    );
    return 'mysite/settings.py';
  },
  dataUri(c, b) {
    const png = Buffer.from(Array.from({ length: 300 }, () => Math.floor(c.rng() * 256))).toString('base64');
    b.add(`.logo { background: url("data:image/png;base64,${png}"); }`);
    return 'static/app.css';
  },
  otherVendorSecrets(c, b) {
    b.add(
      `GITHUB_CLIENT_SECRET=${c.hex(40)}`,
      `STRIPE_SECRET_KEY=sk_live_${randomString(c.rng, ALNUM, 24)}`,
      `SLACK_BOT_TOKEN=xoxb-${c.int(1e10, 9e10)}-${randomString(c.rng, ALNUM, 24)}`,
      `AZURE_CLIENT_SECRET=${c.secret()}`,
      `GOOGLE_CLIENT_SECRET=${c.secret()}`,
      `JWT_SECRET=${c.secret()}`,
    );
    return '.env';
  },
  nonAwsSecretKey(c, b) {
    b.add(
      '# flask app',
      'from flask import Flask',
      'app = Flask(__name__)',
      `app.config["SECRET_KEY"] = "${c.secret()}"`,
    );
    return 'app.py';
  },
  cliDocs(_c, b) {
    b.add(
      'Deactivate a leaked key:',
      '',
      '    aws iam update-access-key --access-key-id <id> --status Inactive',
      '    aws cloudtrail lookup-events --lookup-attributes AttributeKey=AccessKeyId,AttributeValue=<id>',
    );
    return 'docs/incident.md';
  },
  minifiedJs(c, b) {
    const parts: string[] = [];
    for (let i = 0; i < 200; i++)
      parts.push(
        `function ${randomString(c.rng, LOWER, 2)}(e,t){return e+t*${i}}var ${randomString(c.rng, LOWER, 2)}="${randomString(c.rng, ALNUM, c.int(5, 30))}";`,
      );
    b.add(parts.join(''));
    return 'dist/vendor.min.js';
  },
  base64Text(c, b) {
    const text = Buffer.from(
      `This is a harmless note about ${c.word()} in ${c.region()}, nothing secret here. ${randomString(c.rng, LOWER, 40)}`,
    ).toString('base64');
    b.add(`note: ${text}`);
    return 'notes.yaml';
  },
  hashesNamedSecret(c, b) {
    b.add(`secret_key_hash = "${c.hex(40)}"`, `aws_secret_access_key_sha1: ${c.hex(40)}`, `secret_digest=${c.hex(64)}`);
    return 'audit.yml';
  },
  sessionTokensNotAws(c, b) {
    b.add(`const sessionToken = "${randomString(c.rng, ALNUM, 64)}";`, `csrfSessionToken: ${c.b64(120)}`);
    return 'src/session.js';
  },
  bedrockMentions(c, b) {
    b.add(
      'npm install bedrock-api-key-generator',
      'export AWS_BEARER_TOKEN_BEDROCK=$(./get-key.sh)',
      `model: anthropic.claude-3-5-sonnet (${c.region()})`,
    );
    return 'docs/bedrock.md';
  },
  placeholderSecrets(_c, b) {
    b.add(
      'aws_secret_access_key = YOUR_SECRET_ACCESS_KEY_GOES_HERE_PLEASE',
      `aws_secret_access_key = ${['abcdefghij', 'klmnopqrst', 'uvwxyzABCD', 'EFGHIJKLMN'].join('')}`,
      `aws_secret_access_key = ${['ThisIsNot', 'ARealKey', 'ButLooks', 'LikeOne', 'ToYou1'].join('')}`,
      `aws_secret_access_key = ${'0123456789'.repeat(4)}`,
      `AWS_SECRET_ACCESS_KEY = "${['get', 'Credentials', 'From', 'Parameter', 'Store', 'Val'].join('')}"`,
      // Upper-case words after a prefix, even under a key-id label, are placeholders.
      `aws_access_key_id = ${P.long}REPLACEWITHYOURS`,
      `aws_access_key_id = ${P.long}PLACEHOLDERVALUE`,
      `AccessKeyId: ${P.session}PACIFICSINGAPORE`,
      `accessKeyId = "${P.long}TESTKEYFORUNITTS"`,
    );
    return 'test/fixtures/config.ini';
  },
};

function build(name: string, template: Template, rng: Rng, stsRng: Rng): CorpusFile {
  const b = new Builder();
  const path = template(context(rng, stsRng), b);
  const text = `${b.lines.join(rng() < 0.2 ? '\r\n' : '\n')}\n`;
  return {
    template: name,
    path,
    text,
    expected: b.expected.sort((x, y) => x.line - y.line || x.rule.localeCompare(y.rule)),
  };
}

/** Every template rendered `perTemplate` times from `seed`: positives first, then negatives. */
export function generateCorpus(seed: number, perTemplate = 3): { positives: CorpusFile[]; negatives: CorpusFile[] } {
  const rng = seededRandom(seed);
  const stsRng = seededRandom(seed ^ 0x575);
  const positives: CorpusFile[] = [];
  const negatives: CorpusFile[] = [];
  for (let round = 0; round < perTemplate; round++) {
    for (const [name, t] of Object.entries(POSITIVES)) positives.push(build(name, t, rng, stsRng));
    for (const [name, t] of Object.entries(NEGATIVES)) negatives.push(build(name, t, rng, stsRng));
  }
  return { positives, negatives };
}

export const TEMPLATE_NAMES = { positives: Object.keys(POSITIVES), negatives: Object.keys(NEGATIVES) };
