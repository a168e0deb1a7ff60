/**
 * The True Pulse node's resource and operation values: what saved workflows hold and the router
 * dispatches on. Here, apart from the descriptions, so that any file can name them without an
 * import cycle.
 */
export const CALL_END_RESOURCE = 'callEndEvent';
export const SEND = 'send';
