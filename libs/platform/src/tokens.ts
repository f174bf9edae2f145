export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');
export const KAFKA = Symbol('KAFKA');
export const KAFKA_ADMIN = Symbol('KAFKA_ADMIN');
