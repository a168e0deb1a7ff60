import type { INodeProperties } from 'n8n-workflow';

import { type OperationOption, dropdownOptions } from '../../../shared/subtitle';
import { AUDIENCE_RESOURCE, FROM_CLEVERTAP } from '../names';
import * as fromCleverTapWebhook from './fromCleverTapWebhook.operation';

export const AUDIENCE_OPERATIONS: OperationOption[] = [
	{
		name: 'From CleverTap Webhook',
		value: FROM_CLEVERTAP,
		description:
			'One item per profile of a CleverTap webhook campaign body, phone ready for Truecaller',
		subtitle: 'Audience from CleverTap',
	},
];

/** The resource's parameters in the order the editor shows them. */
export const audienceProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [AUDIENCE_RESOURCE] } },
		options: dropdownOptions(AUDIENCE_OPERATIONS),
		default: FROM_CLEVERTAP,
	},
	...fromCleverTapWebhook.description,
];
