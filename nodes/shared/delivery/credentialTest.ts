import type { ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { checkEndpointUrl } from './endpoint';

/**
 * The credential test posts a campaign with an empty profile and empty content: it has no receiver,
 * so it can reach nobody, and Truecaller must refuse it. Truecaller checks the token before the
 * body, so a validation answer (a 4xx other than 401/403) means the token was accepted.
 */
export const CREDENTIAL_TEST_BODY = { profile: {}, content: {} } as const;

export function credentialTestVerdict(statusCode: number): INodeCredentialTestResult {
	if (statusCode === 401 || statusCode === 403) {
		return {
			status: 'Error',
			message: `Token rejected (HTTP ${statusCode}): was it regenerated? Copy the current token from Verified Campaign > Webhook Setup.`,
		};
	}
	if (statusCode === 404 || statusCode === 405) {
		return { status: 'Error', message: `No campaign endpoint at this URL (HTTP ${statusCode}): check the Webhook Endpoint URL.` };
	}
	if (statusCode >= 500) return { status: 'Error', message: `Truecaller answered HTTP ${statusCode}; try again later.` };
	if (statusCode >= 200 && statusCode < 500) {
		return {
			status: 'OK',
			message: `Token accepted (HTTP ${statusCode} to an empty test campaign that reaches nobody).`,
		};
	}
	return { status: 'Error', message: `Unexpected HTTP ${statusCode}.` };
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
		return { status: 'Error', message: `Could not reach the endpoint: ${(error as Error).message}` };
	}
}
