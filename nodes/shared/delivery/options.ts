/**
 * The delivery options every sending node offers (Options collection), with each node's defaults.
 */
import type { INodeProperties } from 'n8n-workflow';
import { sleep, sleepWithAbort } from 'n8n-workflow';

import type { DeliveryLimits, DeliveryPolicy, DeliveryRules } from './engine';

export interface DeliveryOptionValues {
	concurrency?: number;
	includePayload?: boolean;
	maxAttempts?: number;
	requestsPerSecond?: number;
	timeout?: number;
}

/**
 * Everything a service's transport decides about delivering to it. The numbers are defaults that the
 * node's Options override; the rules and texts are the service's own.
 */
export interface DeliveryService extends DeliveryRules {
	defaults: DeliveryLimits & { timeoutMs: number };
	/** Which answers are retried, shown under Max Attempts (a sentence without its final period). */
	attemptsHint: string;
	/** The service's rate limit, shown under Requests per Second (a sentence without its final period). */
	rateHint: string;
}

/** The shared options plus the node's own, sorted by name as n8n lists collection options. */
export function deliveryOptionProperties(
	service: DeliveryService,
	own: INodeProperties[],
): INodeProperties[] {
	// Plain identifiers, not member expressions: n8n's lint reads parameter defaults statically.
	const { concurrency, maxAttempts, requestsPerSecond, timeoutMs } = service.defaults;
	const { attemptsHint, rateHint } = service;
	const shared: INodeProperties[] = [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 200 },
			default: concurrency,
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
			default: maxAttempts,
			description: `Tries per request, counting the first. ${attemptsHint}.`,
		},
		{
			displayName: 'Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 10000 },
			default: requestsPerSecond,
			description: `Cap on requests started per second, retries included. ${rateHint}.`,
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1000 },
			default: timeoutMs,
			description: 'How long to wait for each answer before counting a network error',
		},
	];
	return [...shared, ...own].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/**
 * Waits that end at once when the execution is cancelled, through n8n's sleepWithAbort. Each wait
 * gets its own signal, chained to the execution's and unchained afterwards: sleepWithAbort leaves
 * its listener on the signal it is given, and thousands of waits on the execution's own signal
 * would pile up listeners (and a MaxListenersExceededWarning) for the whole run.
 */
export function cancellableSleep(signal: AbortSignal): (ms: number) => Promise<void> {
	return async (ms) => {
		const wait = new AbortController();
		const forward = () => wait.abort();
		signal.addEventListener('abort', forward, { once: true });
		if (signal.aborted) wait.abort();
		try {
			await sleepWithAbort(ms, wait.signal);
		} finally {
			signal.removeEventListener('abort', forward);
		}
	};
}

/** How long to wait for each answer: the node's Timeout option, else the service's default. */
export function requestTimeout(options: DeliveryOptionValues, service: DeliveryService): number {
	return options.timeout ?? service.defaults.timeoutMs;
}

/** The run's delivery policy: the user's options over the service's defaults, the service's rules. */
export function deliveryPolicy(
	options: DeliveryOptionValues,
	service: DeliveryService,
	maxTotalMs = 0,
	signal?: AbortSignal,
): DeliveryPolicy {
	const { defaults } = service;
	return {
		...defaults,
		concurrency: options.concurrency ?? defaults.concurrency,
		requestsPerSecond: options.requestsPerSecond ?? defaults.requestsPerSecond,
		maxAttempts: options.maxAttempts ?? defaults.maxAttempts,
		maxTotalMs,
		classify: service.classify,
		abortMessage: service.abortMessage,
		sleep: signal ? cancellableSleep(signal) : sleep,
		signal,
	};
}
