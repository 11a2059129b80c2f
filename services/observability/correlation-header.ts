/**
 * The Temporal header that carries a command's correlation id from the HTTP request to the workflow
 * and from the workflow to its activities. Shared with the workflow sandbox: no Node import here.
 */
export const correlationHeader = 'parcours-correlation-id';
