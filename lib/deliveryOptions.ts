/**
 * The delivery options every sending node offers (Options collection), with each node's defaults.
 */
import type { INodeProperties } from 'n8n-workflow';

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
