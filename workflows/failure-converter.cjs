// Loaded by path (failureConverterPath) by the worker, its replays and the workflow bundle, which
// need a module Node can require as is: failure messages and stack traces go into an encoded
// attribute, so the payload codec encrypts them (app/payload-codec.ts).
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
