/**
 * Webhook description fields that n8n 2.41 resolves without its expression engine.
 *
 * n8n evaluates a trigger's description fields (`path`, `responseMode`...) on every request; an
 * expression template costs an isolate there. From 2.41 it first looks, under the key below, for
 * a native resolver whose template is exactly the field's value, and uses it when the node's
 * parameters hold no expression. n8n-workflow exports the key (WEBHOOK_RESOLVERS) from 2.41 on
 * only, so it is spelled out here; older hosts ignore it and evaluate the template, which stays.
 */
import type { INodeParameters, INodeProperties, IWebhookDescription } from 'n8n-workflow';

const WEBHOOK_RESOLVERS = Symbol.for('n8n.webhookDescriptionResolvers');

/** Must compute exactly what its field's template computes (the tests compare both). */
export type FieldResolver = (parameters: INodeParameters) => unknown;

export function withNativeResolvers(
	description: IWebhookDescription,
	resolvers: Record<string, FieldResolver>,
): IWebhookDescription {
	const entries = Object.fromEntries(
		Object.entries(resolvers).map(([field, resolve]) => [
			field,
			{ template: description[field], resolve },
		]),
	);
	return Object.assign(description, { [WEBHOOK_RESOLVERS]: entries });
}

/** The `path` template every trigger of this package uses, with its resolver. */
export const PATH_FIELD = '={{$parameter["path"]}}';
export const resolvePath: FieldResolver = (parameters) => parameters.path;

/** A trigger's POST webhook at its path, answered when received with the body webhook() returns. */
export function receivedWebhook(): IWebhookDescription {
	return withNativeResolvers(
		{
			name: 'default',
			httpMethod: 'POST',
			responseMode: 'onReceived',
			// Empty, so that n8n answers with the body webhook() returns (its default is a placeholder).
			responseData: '',
			path: PATH_FIELD,
			isFullPath: true,
		},
		{ path: resolvePath },
	);
}

/** The path parameter every trigger of this package has. */
export function pathProperty(defaultPath: string): INodeProperties {
	return {
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: defaultPath,
		required: true,
		description:
			'The webhook URL ends in /webhook/&lt;path&gt;; use a different path for each workflow',
	};
}
