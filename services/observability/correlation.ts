import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * One id per HTTP request (its request id), carried to the workflow Update, the activities it runs
 * and the outbox rows they write (app/temporal-correlation.ts moves it across Temporal): every log
 * line of the chain carries it, so an operator follows one command from the request to the message.
 */
const store = new AsyncLocalStorage<string>();

export function withCorrelation<T>(correlationId: string, work: () => T): T {
  return store.run(correlationId, work);
}

export function currentCorrelationId(): string | undefined {
  return store.getStore();
}
