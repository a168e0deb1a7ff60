/**
 * The thin layer between the pure helpers and n8n: sending through n8n's authenticated HTTP helper,
 * and turning outcomes into output items. Shared by every action node of the package.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ValidationIssue } from '../Truecaller/campaign/campaign';
import type { DeliveryOutcome, HttpResponse } from './delivery/engine';
import { checkEndpointUrl } from './delivery/endpoint';

/** An invalid item the run refuses to send, with its first problem and all of them. */
export interface InvalidItem {
	itemIndex: number;
	firstProblem: string;
	allProblems: string;
}

/** Without continueOnFail, any invalid item stops the run before the first request. */
export function stopIfInvalid(context: IExecuteFunctions, what: string, invalid: InvalidItem[]): void {
	if (invalid.length === 0 || context.continueOnFail()) return;
	throw new NodeOperationError(context.getNode(), `Invalid ${what}: ${invalid[0].firstProblem}`, {
		itemIndex: invalid[0].itemIndex,
		description: `Nothing was sent.\n${invalid.map((item) => item.allProblems).join('\n')}`,
	});
}

/** The run's credentials, their endpoint checked (https, or loopback), and a poster to it. */
export async function posterFor(
	context: IExecuteFunctions,
	credentialType: string,
	urlField: string,
	timeout: number,
): Promise<(body: unknown) => Promise<HttpResponse>> {
	const credentials = await context.getCredentials(credentialType);
	const urlProblem = checkEndpointUrl(credentials.endpointUrl, urlField);
	if (urlProblem) throw new NodeOperationError(context.getNode(), urlProblem);
	return jsonPoster(context, credentialType, credentials, String(credentials.endpointUrl), timeout);
}

/** Output items grouped by the input item they come from (stable within an item). */
export function inInputOrder(items: INodeExecutionData[]): INodeExecutionData[] {
	return items.sort((a, b) => (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item);
}

/**
 * POSTs JSON through n8n and hands back every answer (n8n must not throw on 4xx/5xx: we classify).
 * The credentials are fetched once per run and handed to n8n with every request, which would
 * otherwise read and decrypt them from its database for each of thousands of requests.
 */
function jsonPoster(
	context: IExecuteFunctions,
	credentialType: string,
	credentials: ICredentialDataDecryptedObject,
	url: string,
	timeout: number,
): (body: unknown) => Promise<HttpResponse> {
	const credentialsDecrypted: ICredentialsDecrypted = { id: '', name: credentialType, type: credentialType, data: credentials };
	return async (body) => {
		const options: IHttpRequestOptions = {
			method: 'POST',
			url,
			body: body as IDataObject,
			json: true,
			timeout,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		};
		const response = (await context.helpers.httpRequestWithAuthentication.call(context, credentialType, options, { credentialsDecrypted })) as {
			statusCode: number;
			headers: Record<string, unknown>;
			body: unknown;
		};
		return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
	};
}

export function errorItem(itemIndex: number, message: string, details: IDataObject = {}): INodeExecutionData {
	return { json: { error: message, ...details }, pairedItem: { item: itemIndex } };
}

export function issuesToJson(issues: ValidationIssue[]): IDataObject[] {
	return issues.map(({ field, rule, message }) => ({ field, rule, message }));
}

/** Reports the outcome fields every sender shares; the node adds its own identifying fields. */
export function outcomeJson(outcome: DeliveryOutcome): IDataObject {
	const json: IDataObject = {
		status: outcome.delivered ? 'delivered' : outcome.skipped ? 'not sent' : 'failed',
		statusCode: outcome.statusCode ?? null,
		response: (outcome.body as IDataObject) ?? null,
		attempts: outcome.attempts,
	};
	if (outcome.failures.length > 0) json.failedAttempts = outcome.failures as unknown as IDataObject[];
	if (outcome.error) json.error = outcome.error;
	return json;
}

/**
 * After every delivery has settled: without continueOnFail, any failure fails the node, naming what
 * was delivered so that nobody re-runs the whole batch blindly.
 */
export function throwUnlessAllDelivered(
	context: IExecuteFunctions,
	outcomes: Array<{ outcome: DeliveryOutcome; itemIndex: number; label: string }>,
): void {
	const failed = outcomes.filter(({ outcome }) => !outcome.delivered);
	if (failed.length === 0) return;
	const delivered = outcomes.length - failed.length;
	const first = failed[0];
	const lines = failed.slice(0, 10).map(({ itemIndex, label, outcome }) => `Item ${itemIndex}, ${label}: ${outcome.error}`);
	if (failed.length > 10) lines.push(`... and ${failed.length - 10} more`);
	throw new NodeOperationError(context.getNode(), first.outcome.error ?? 'Delivery failed', {
		itemIndex: first.itemIndex,
		description: `${delivered} of ${outcomes.length} delivered (those are not sent again by this run). Failed:\n${lines.join('\n')}\nTurn on "Continue On Fail" to get one item per result instead.`,
	});
}
