import { schemaRule } from '../../schema/schema-rule';

export default schemaRule('roomodes', {
  summary: 'A `.roomodes` file (or the global `custom_modes.yaml`) must have the shape Roo Code accepts: known keys, a valid slug, a name and a role, and tool groups it knows.',
  rationale:
    'Roo Code validates the whole modes file when it loads it; one bad mode and it loads none of the file\'s modes, with ' +
    'only a passing pop-up to say so. The schema follows the format Roo Code reads today: a `customModes` list whose ' +
    'modes have a `slug` of letters, digits and dashes, a non-empty `name` and `roleDefinition`, `groups`, and optional ' +
    '`whenToUse`, `description`, `customInstructions`, `source` (`global` or `project`) and the `rulesFiles` of an ' +
    'exported mode. A group is `read`, `edit`, `command`, `mcp` or `modes`, or a pair `[group, { fileRegex, description }]` ' +
    'that restricts it. Keys Roo Code does not know are reported: it drops them silently, so a misspelt ' +
    '`customInstruction:` means the mode runs without its instructions.',
});
