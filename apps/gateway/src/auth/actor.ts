/** Who calls the gateway, as their verified token says (the claims are checked in @prestaflow/platform, ADR 0018). */
export { tokenRoles as roles, type TokenRole as Role, type TokenSubject as Actor } from '@prestaflow/platform';
