export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');
export const KAFKA = Symbol('KAFKA');
export const KAFKA_ADMIN = Symbol('KAFKA_ADMIN');
/** How bearer tokens are checked (AuthConfig, ADR 0018). */
export const AUTH_CONFIG = Symbol('AUTH_CONFIG');
