import type { INodeProperties } from 'n8n-workflow';

import { deliveryOptionProperties } from '../../../shared/delivery/options';
import { DEFAULT_MAX_TOTAL_SECONDS, TRUE_PULSE_DELIVERY } from '../../transport';
import { CALL_END_FIELDS, CALL_STATUSES } from '../../callEnd';

export const CALL_END_RESOURCE = 'callEndEvent';
export const SEND = 'send';
const forCallEnd = { resource: [CALL_END_RESOURCE] };

/** One parameter per call-end payload field, from the same table the validation uses. */
const payloadFields: INodeProperties[] = CALL_END_FIELDS.map((field) => ({
	displayName: field.label,
	name: field.wire,
	...(field.wire === 'tpCallStatus'
		? {
				type: 'options' as const,
				options: CALL_STATUSES.map((status) => ({ name: status, value: status })),
				default: 'Answered',
			}
		: { type: 'string' as const, default: '' }),
	required: field.required,
	description: `${field.hint} (sent as <code>${field.wire}</code>)`,
	displayOptions: { show: { ...forCallEnd, payloadMode: ['fields'] } },
}));

export const callEndProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: forCallEnd },
		options: [
			{
				name: 'Send',
				value: SEND,
				description: 'Deliver one call-end event, retrying until True Pulse answers SUCCESS',
				action: 'Send a call end event',
			},
		],
		default: SEND,
	},
	{
		displayName: 'Payload',
		name: 'payloadMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Define in Fields', value: 'fields' },
			{
				name: 'JSON',
				value: 'json',
				description: 'The call-end object as True Pulse specifies it',
			},
		],
		default: 'fields',
		displayOptions: { show: forCallEnd },
	},
	...payloadFields,
	{
		displayName: 'Payload JSON',
		name: 'payloadJson',
		type: 'json',
		required: true,
		default: '{\n  "tpCallID": "",\n  "tpCallStatus": "Answered"\n}',
		displayOptions: { show: { ...forCallEnd, payloadMode: ['json'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: forCallEnd },
		options: deliveryOptionProperties(TRUE_PULSE_DELIVERY, [
			{
				displayName: 'Max Total Time (Seconds)',
				name: 'maxTotalSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_MAX_TOTAL_SECONDS,
				description: 'Stop retrying a call once this much time has passed since its first attempt',
			},
			{
				displayName: 'Skip Calls Already Delivered',
				name: 'skipDelivered',
				type: 'boolean',
				default: true,
				description:
					'Whether a tpCallID that got SUCCESS from this node before (in any production run of this workflow) is skipped instead of sent again',
			},
		]),
	},
];
