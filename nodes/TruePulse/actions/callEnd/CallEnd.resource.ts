import type { INodeProperties } from 'n8n-workflow';

import { type OperationOption, dropdownOptions } from '../../../shared/subtitle';
import { CALL_END_RESOURCE, SEND } from '../names';
import * as send from './send.operation';

export const CALL_END_OPERATIONS: OperationOption[] = [
	{
		name: 'Send',
		value: SEND,
		description: 'Deliver one call-end event, retrying until True Pulse answers SUCCESS',
		subtitle: 'Send Call-End Event',
	},
];

/** The resource's parameters in the order the editor shows them. */
export const callEndProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [CALL_END_RESOURCE] } },
		options: dropdownOptions(CALL_END_OPERATIONS),
		default: SEND,
	},
	...send.description,
];
