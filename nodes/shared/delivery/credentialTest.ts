import type {
	ICredentialTestFunctions,
	ICredentialType,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import type { z } from 'zod/v4';

import { checkEndpointUrl } from './endpoint';
import { type LabelOf, formatIssueList, parseWith } from '../validation';

/** A credential's field labels, from its type: errors name what the credential form shows. */
export function credentialLabels(type: ICredentialType): LabelOf {
	const labels = new Map(type.properties.map((property) => [property.name, property.displayName]));
	return (key) => labels.get(key);
}

/** The credential's fields checked by its schema; the problems as the test's message, if any. */
export function credentialProblems(
	schema: z.ZodType,
	data: unknown,
	labelOf: LabelOf,
): string | undefined {
	const parsed = parseWith(schema, data ?? {}, { labelOf });
	return parsed.ok ? undefined : formatIssueList(parsed.issues).replace(/\n/g, '; ');
}

/**
 * Posts a probe body to a credential's endpoint and lets `verdict` read the answer. Used by the
 * nodes' credential test functions (testedBy), where n8n offers only `request`.
 */
export async function testEndpoint(
	context: ICredentialTestFunctions,
	endpointUrl: unknown,
	urlField: string,
	headers: Record<string, string>,
	body: object,
	verdict: (response: { statusCode: number; body: unknown }) => INodeCredentialTestResult,
): Promise<INodeCredentialTestResult> {
	const urlProblem = checkEndpointUrl(endpointUrl, urlField);
	if (urlProblem) return { status: 'Error', message: urlProblem };
	try {
		// ICredentialTestFunctions offers only `request` (every n8n 1.x and 2.x), and a declarative
		// test cannot read a 4xx as "credential accepted".
		const response = (await context.helpers.request({
			method: 'POST',
			uri: String(endpointUrl),
			headers,
			body,
			json: true,
			simple: false,
			resolveWithFullResponse: true,
			timeout: 15000,
		})) as { statusCode: number; body: unknown };
		return verdict(response);
	} catch (error) {
		return {
			status: 'Error',
			message: `Could not reach the endpoint: ${(error as Error).message}`,
		};
	}
}
