import type { INodeProperties } from 'n8n-workflow';

import { type OperationOption, dropdownOptions } from '../../../shared/subtitle';
import { AUDIENCE_RESOURCE, FROM_CLEVERTAP, FROM_SEGMENT, FROM_WEBENGAGE } from '../names';
import * as fromCleverTapWebhook from './fromCleverTapWebhook.operation';
import * as fromSegmentEvent from './fromSegmentEvent.operation';
import * as fromWebEngageWebhook from './fromWebEngageWebhook.operation';

export const AUDIENCE_OPERATIONS: OperationOption[] = [
	{
		name: 'From CleverTap Webhook',
		value: FROM_CLEVERTAP,
		description:
			'One item per profile of a CleverTap webhook campaign body, phone ready for Truecaller',
		subtitle: 'Audience from CleverTap',
	},
	{
		name: 'From Segment Event',
		value: FROM_SEGMENT,
		description:
			'One item per Segment call (identify, track, page, screen, group) that carries a phone, ready for Truecaller',
		subtitle: 'Audience from Segment',
	},
	{
		name: 'From WebEngage Webhook',
		value: FROM_WEBENGAGE,
		description:
			'One item per WebEngage webhook (journey Webhook channel or data platform) that carries a phone, ready for Truecaller',
		subtitle: 'Audience from WebEngage',
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
	...fromSegmentEvent.description,
	...fromWebEngageWebhook.description,
];
