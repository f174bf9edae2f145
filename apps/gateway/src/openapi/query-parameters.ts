import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';

/** The company view's filters (R12, R14); the views check each value, a 400 names the parameter. */
export const companyViewFilters = ['status', 'workerId', 'userId', 'from', 'to', 'language'] as const;

/**
 * Publishes optional query parameters in the OpenAPI document, so that clients (and the
 * bad-input suite) read them there; their values are checked by the views' parsers.
 */
export const ApiQueryParameters = (...names: readonly string[]) => applyDecorators(...names.map((name) => ApiQuery({ name, required: false, type: String })));
