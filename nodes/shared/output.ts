/**
 * Output items of the sending nodes: refusing invalid input, error items, delivery outcomes, and
 * the order n8n shows them in. Shared by every action node of the package.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { DeliveryOutcome } from './delivery/engine';
import type { ValidationIssue } from './validation';

/** An invalid item the run refuses to send, with its first problem and all of them. */
export interface InvalidItem {
	itemIndex: number;
	firstProblem: string;
	allProblems: string;
}

/** Without continueOnFail, any invalid item stops the run before the first request. */
export function stopIfInvalid(
	context: IExecuteFunctions,
	what: string,
	invalid: InvalidItem[],
): void {
	if (invalid.length === 0 || context.continueOnFail()) return;
	throw new NodeOperationError(context.getNode(), `Invalid ${what}: ${invalid[0].firstProblem}`, {
		itemIndex: invalid[0].itemIndex,
		description: `Nothing was sent.\n${invalid.map((item) => item.allProblems).join('\n')}`,
	});
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
