/**
 * CloudFormation `UserData` as the scripts the package-manager policy reads,
 * with a map from every character back to the template. A script is written as
 * one string (`Fn::Sub` of one too: its `${…}` stay as text), or, in older
 * templates, as `Fn::Join` of lines: `!Join ['', ["#!/bin/bash\n", "npm ci\n",
 * !Ref Extra, …]]`. The literal pieces of a join are read as the shell will
 * see them (escapes decoded); a reference, `Fn::GetAtt` or any other function
 * is a value only CloudFormation knows, read as the opaque word `$REF`
 * (`"npm install app@", !Ref Version` reads `npm install app@ $REF`);
 * `!Ref AWS::NoValue` is no item at all.
 *
 * A joined script is marked escaped: its commands are then told in the file's
 * own spelling, where the quotes and list punctuation between two pieces keep a
 * fix from spanning them; a command inside one piece is fixed in place.
 */
import type { SourceFile } from '../source';
import { type CfnNode, userDataValues } from './cloudformation';
import { appendJsonString, jsonStringScript, type Script, ScriptBuilder } from './script';
import { embeddedText } from './yaml';

/** What an opaque piece reads as: a word that is no program of any policy. */
const OPAQUE = '$REF';
/** Joins inside joins deeper than this (no real template) are not read. */
const MAX_DEPTH = 8;

export function userDataScripts(file: SourceFile): Script[] {
  return file.memo('cloudformation-user-data-scripts', () => {
    const out: Script[] = [];
    for (const value of userDataValues(file)) {
      const single = stringNode(value);
      if (single) {
        const script = stringScript(file, single);
        if (script) out.push(script);
        continue;
      }
      if (value.type === 'intrinsic' && value.name === 'Fn::Join') {
        const builder = new ScriptBuilder();
        if (appendJoin(file, builder, value, 0)) out.push(builder.markEscaped().build(value.range.end));
      }
    }
    return out;
  });
}

type StringNode = Extract<CfnNode, { type: 'scalar' }>;

/** The string a node writes: itself, or the template of `Fn::Sub`. */
function stringNode(node: CfnNode): StringNode | undefined {
  let v: CfnNode | undefined = node;
  if (v.type === 'intrinsic' && v.name === 'Fn::Sub') v = v.arg.type === 'list' ? v.arg.items[0] : v.arg;
  return v?.type === 'scalar' && typeof v.value === 'string' ? v : undefined;
}

/** One string as a script of its own. */
function stringScript(file: SourceFile, scalar: StringNode): Script | undefined {
  if (file.isJson || scalar.yaml?.type === 'QUOTE_DOUBLE') return jsonStringScript(file.text, scalar.range.start, scalar.range.end);
  return scalar.yaml ? embeddedText(file.text, scalar.yaml) : undefined;
}

/** Appends `Fn::Join [delimiter, [pieces]]`; false when it is not one whose delimiter is known. */
function appendJoin(file: SourceFile, builder: ScriptBuilder, join: Extract<CfnNode, { type: 'intrinsic' }>, depth: number): boolean {
  const args = join.arg.type === 'list' ? join.arg.items : [];
  const [delimiter, pieces] = args;
  if (args.length !== 2 || delimiter?.type !== 'scalar' || pieces?.type !== 'list' || depth > MAX_DEPTH) return false;
  const between = delimiter.value === null ? '' : String(delimiter.value);
  // `!Ref AWS::NoValue` removes its item from the list.
  const present = pieces.items.filter((p) => !(p.type === 'intrinsic' && p.name === 'Ref' && p.arg.type === 'scalar' && p.arg.value === 'AWS::NoValue'));
  present.forEach((piece, i) => {
    if (i > 0) builder.join(between);
    appendPiece(file, builder, piece, depth);
  });
  return true;
}

function appendPiece(file: SourceFile, builder: ScriptBuilder, piece: CfnNode, depth: number): void {
  if (piece.type === 'intrinsic' && piece.name === 'Fn::Join' && appendJoin(file, builder, piece, depth + 1)) return;
  const scalar = stringNode(piece);
  if (!scalar) {
    if (piece.type === 'scalar' && piece.value !== null) builder.add(piece.range.start, file.text.slice(piece.range.start, piece.range.end));
    else {
      // A value only CloudFormation knows is a word of its own, mapped onto the node that writes it: the quotes
      // and list punctuation between it and the words beside it are no blanks, so no fix spans it.
      builder.join(' ').add(piece.range.start, OPAQUE.slice(0, Math.max(1, piece.range.end - piece.range.start))).join(' ');
    }
    return;
  }
  const type = scalar.yaml?.type;
  if (file.isJson || type === 'QUOTE_DOUBLE') {
    // YAML's double-quoted escapes are JSON's for everything a script writes (`\n`, `\t`, `\"`, `\\`).
    appendJsonString(builder, file.text, scalar.range.start, scalar.range.end);
    return;
  }
  const text = scalar.yaml ? embeddedText(file.text, scalar.yaml) : undefined;
  if (!text) return;
  let at = 0;
  for (const s of text.segments) {
    if (s.scriptStart > at) builder.join(text.text.slice(at, s.scriptStart));
    builder.add(s.sourceStart, text.text.slice(s.scriptStart, s.scriptStart + s.length));
    at = s.scriptStart + s.length;
  }
  if (at < text.text.length) builder.join(text.text.slice(at));
}
