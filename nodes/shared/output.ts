/**
 * Output items of the sending nodes: refusing invalid input, error items, delivery outcomes, masked
 * secrets, and the order n8n shows them in. Shared by every action node of the package.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { DeliveryOutcome } from './delivery/engine';
import { type ValidationIssue, formatIssueList } from './validation';

/**
 * The invalid items of a sending run, refused the same way by every sender: without continueOnFail
 * the run stops before its first request, naming every problem; with it, each invalid item becomes
 * one error item (every problem on its own line, and the `errors` list) and the valid ones are sent.
 */
export function refuseInvalidItems(
	context: IExecuteFunctions,
	what: string,
	items: Array<{ itemIndex: number; issues: ValidationIssue[] }>,
): INodeExecutionData[] {
	const invalid = items.filter((item) => item.issues.length > 0);
	if (invalid.length > 0 && !context.continueOnFail()) {
		const [first] = invalid;
		const all = invalid.map(({ itemIndex, issues }) => formatIssueList(issues, itemIndex));
		throw new NodeOperationError(context.getNode(), `Invalid ${what}: ${first.issues[0].message}`, {
			itemIndex: first.itemIndex,
			description: `Nothing was sent.\n${all.join('\n')}`,
		});
	}
	return invalid.map(({ itemIndex, issues }) =>
		errorItem(itemIndex, formatIssueList(issues, itemIndex), { errors: issuesToJson(issues) }),
	);
}

/** Output items grouped by the input item they come from (stable within an item). */
export function inInputOrder(items: INodeExecutionData[]): INodeExecutionData[] {
	return items.sort(
		(a, b) => (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item,
	);
}

export function errorItem(
	itemIndex: number,
	message: string,
	details: IDataObject = {},
): INodeExecutionData {
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
	if (outcome.failures.length > 0)
		json.failedAttempts = outcome.failures as unknown as IDataObject[];
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
	const lines = failed
		.slice(0, 10)
		.map(({ itemIndex, label, outcome }) => `Item ${itemIndex}, ${label}: ${outcome.error}`);
	if (failed.length > 10) lines.push(`... and ${failed.length - 10} more`);
	const message = first.outcome.error ?? 'Delivery failed';
	const description = `${delivered} of ${outcomes.length} delivered (those are not sent again by this run). Failed:\n${lines.join('\n')}\nTurn on "Continue On Fail" to get one item per result instead.`;
	const { statusCode, body } = first.outcome;
	if (statusCode === undefined)
		throw new NodeOperationError(context.getNode(), message, {
			itemIndex: first.itemIndex,
			description,
		});
	// n8n's error panel shows an API error's HTTP code, and the service's answer with it.
	throw new NodeApiError(context.getNode(), apiErrorBody(body), {
		message,
		description: `${description}\nLast answer (HTTP ${statusCode}): ${JSON.stringify(body ?? null)}`,
		httpCode: String(statusCode),
		itemIndex: first.itemIndex,
	});
}

/** The service's answer as NodeApiError wants it: an object, kept as it came when it is one. */
export function apiErrorBody(body: unknown): JsonObject {
	if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as JsonObject;
	return { body: (body ?? null) as string };
}

const MASK = '****';

/** Enough of a token to tell two credentials apart, never enough to use it. */
export function maskToken(token: string): string {
	return token.length <= 4 ? MASK : `${MASK}${token.slice(-4)}`;
}

/** The secret replaced wherever it might appear (an echoed request in an error answer, say). */
export function maskSecret<T>(value: T, secret: string): T {
	if (secret === '') return value;
	const text = JSON.stringify(value);
	if (text === undefined || !text.includes(secret)) return value;
	return JSON.parse(text.split(secret).join(MASK)) as T;
}
