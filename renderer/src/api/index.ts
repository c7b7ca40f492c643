export { call, subscribe, transport, type Transport } from './transport';
export { domainOf, invalidateDomains, opKey, useChangedEvents, useCommand, useOp, useOpsKeyed } from './hooks';
