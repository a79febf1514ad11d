/** Injection token of the resolved `MessagingOptions`. */
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export const EVENT_HANDLER_METADATA = 'omni:messaging:event-handler';
