/**
 * The delivery options every sending node offers (Options collection), with each node's defaults.
 */
import type { INodeProperties } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { DeliveryPolicy } from './engine';

export interface DeliveryOptionValues {
	concurrency?: number;
	includePayload?: boolean;
	maxAttempts?: number;
	requestsPerSecond?: number;
	timeout?: number;
}

export interface DeliveryDefaults {
	concurrency: number;
	maxAttempts: number;
	requestsPerSecond: number;
	/** First backoff step, doubling per attempt up to maxDelayMs. */
	baseDelayMs: number;
	maxDelayMs: number;
	/** What a retry means for this service, shown under Max Attempts. */
	attemptsHint: string;
	/** What the rate limit is for this service, shown under Requests per Second. */
	rateHint: string;
}

/** The shared options plus the node's own, sorted by name as n8n lists collection options. */
export function deliveryOptionProperties(defaults: DeliveryDefaults, own: INodeProperties[]): INodeProperties[] {
	const shared: INodeProperties[] = [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 200 },
			default: defaults.concurrency,
			description: 'Most requests in flight at once',
		},
		{
			displayName: 'Include Payload in Output',
			name: 'includePayload',
			type: 'boolean',
			default: false,
			description: 'Whether each output item also carries the JSON that was sent',
		},
		{
			displayName: 'Max Attempts',
			name: 'maxAttempts',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: defaults.maxAttempts,
			description: `Tries per request, counting the first. ${defaults.attemptsHint}`,
		},
		{
			displayName: 'Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 10000 },
			default: defaults.requestsPerSecond,
			description: `Cap on requests started per second, retries included. ${defaults.rateHint}`,
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1000 },
			default: 30000,
			description: 'How long to wait for each answer before counting a network error',
		},
	];
	return [...shared, ...own].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** The run's delivery policy: the user's options over the node's defaults, the service's rules. */
export function deliveryPolicy(
	options: DeliveryOptionValues,
	defaults: DeliveryDefaults,
	rules: Pick<DeliveryPolicy, 'classify' | 'abortMessage'> & { maxTotalMs?: number },
): DeliveryPolicy {
	return {
		concurrency: options.concurrency ?? defaults.concurrency,
		requestsPerSecond: options.requestsPerSecond ?? defaults.requestsPerSecond,
		maxAttempts: options.maxAttempts ?? defaults.maxAttempts,
		baseDelayMs: defaults.baseDelayMs,
		maxDelayMs: defaults.maxDelayMs,
		maxRetryAfterMs: 120000,
		maxTotalMs: rules.maxTotalMs ?? 0,
		classify: rules.classify,
		abortMessage: rules.abortMessage,
		sleep,
	};
}
