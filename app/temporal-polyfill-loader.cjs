/**
 * A webpack loader for temporal-polyfill's `chunks/apiHelpers.js` in the workflow bundle only.
 * Where `globalThis.process` is missing (the workflow sandbox) the polyfill gives every Temporal
 * object a debug string, its ISO form computed at creation: two thirds of what a Paris-day delay
 * cost in a workflow (a CPU profile of the lifecycle benchmark, issue 17). The objects and every
 * result are the same without it.
 */
const debugOnlyWhereNoProcess = '"noop" !== noop.name || globalThis.process ? noop :';

module.exports = function withoutDebugStrings(source) {
  if (!source.includes(debugOnlyWhereNoProcess)) {
    throw new Error(
      'temporal-polyfill : la chaîne de débogage attendue est introuvable (version changée ?) ; revoir app/temporal-polyfill-loader.cjs.',
    );
  }
  return source.replace(debugOnlyWhereNoProcess, 'true ? noop :');
};
