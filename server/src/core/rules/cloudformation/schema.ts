import { templateProblems } from '../../parse/cloudformation-schema';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'cloudformation/schema',
  kinds: ['cloudformation'],
  severity: 'error',
  docs: {
    summary:
      'A CloudFormation template must match the template anatomy and the resource specification: known sections and resource keys, known resource types and properties, required properties present.',
    rationale:
      'CloudFormation validates a template only when a stack is created or updated, and stops at the first mistake: a misspelt ' +
      'property (`BucketNmae`), a type that does not exist (`AWS::S3::Buckets`) or a required property left out fails the ' +
      'deployment, sometimes after other resources were already changed and have to be rolled back. The resource types, their ' +
      "properties (nested ones too), which are required and their attributes come from AWS's own resource database, read at " +
      'build time from `@aws-cdk/aws-service-spec` (continuously updated from the CloudFormation registry) into a compact ' +
      'table. Short-form intrinsics (`!Ref`, `!Sub`, `!GetAtt`, `!If`…) are ' +
      'read as their long forms, and a value written as an intrinsic is never judged by its shape. Custom resources ' +
      '(`Custom::*`, `AWS::CloudFormation::CustomResource`) and third-party registry types accept any property; SAM types ' +
      "(`AWS::Serverless::*`) are known but their properties are not checked: the database's SAM part lags SAM by years (its " +
      '`AWS::Serverless::Function` has no `SnapStart`, added to SAM in 2022), and an unknown property there would be a false ' +
      'error; a template whose macros CloudFormation runs first (other than SAM and ' +
      '`AWS::LanguageExtensions`) has its resource properties left unchecked.',
  },
  messages: { schema: '{message}' },
  fix: 'unsafe',
  check(ctx) {
    for (const p of templateProblems(ctx.file)) {
      ctx.report({
        messageId: 'schema',
        data: { message: p.message },
        range: p.range,
        fixes: p.replacement ? [{ title: `Change to \`${p.replacement}\``, safe: false, edits: [{ ...p.range, newText: quoteLike(ctx.file.text, p.range, p.replacement) }] }] : [],
      });
    }
  },
});

/** The replacement quoted as the original is, so that a fix keeps a JSON key's quotes. */
function quoteLike(text: string, range: { start: number; end: number }, value: string): string {
  const first = text[range.start];
  return first === '"' || first === "'" ? `${first}${value}${first}` : value;
}
