/** A step's inputs (`with:`, `inputs:`, a pipe's `variables:`, an orb command's parameters) read as text. */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { entries, get } from '../yaml';

/** The value of one input as text ('' when it is not a scalar). */
export function inputValue(inputs: Node | undefined, key: string): string {
  const value = get(inputs, key);
  return isScalar(value) ? String(value.value ?? '') : '';
}

/** Every input as `key: value` lines, nested mappings and lists flattened, for flags such as `--prod`. */
export function inputsText(inputs: Node | undefined, depth = 0): string {
  if (depth > 4) return '';
  if (isSeq(inputs)) return inputs.items.map((i) => (isScalar(i) ? String(i.value ?? '') : inputsText(i as Node, depth + 1))).join('\n');
  if (!isMap(inputs)) return isScalar(inputs) ? String(inputs.value ?? '') : '';
  return entries(inputs)
    .map(({ key, value }) => `${String(key.value)}: ${isScalar(value) ? String(value.value ?? '') : inputsText(value, depth + 1)}`)
    .join('\n');
}

/** Names of the inputs set to true. */
export function inputsSetTrue(inputs: Node | undefined): string[] {
  return entries(inputs)
    .filter(({ value }) => isScalar(value) && /^true$/i.test(String(value.value)))
    .map(({ key }) => String(key.value));
}
