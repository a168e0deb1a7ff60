import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_COUNTRY_CODE } from '../../../shared/phone';
import { type OperationOption, dropdownOptions } from '../../../shared/subtitle';
import { AUDIENCE_RESOURCE, FROM_CLEVERTAP, FROM_SEGMENT, FROM_WEBENGAGE } from './names';
import * as fromSegmentEvent from './fromSegmentEvent.operation';
import * as fromWebEngageWebhook from './fromWebEngageWebhook.operation';

export { AUDIENCE_RESOURCE, FROM_CLEVERTAP, FROM_SEGMENT, FROM_WEBENGAGE };
const forAudience = { resource: [AUDIENCE_RESOURCE] };
const forCleverTap = { ...forAudience, operation: [FROM_CLEVERTAP] };

export const AUDIENCE_OPERATIONS: OperationOption[] = [
	{
		name: 'From CleverTap Webhook',
		value: FROM_CLEVERTAP,
		description:
			'One item per profile of a CleverTap webhook campaign body, phone ready for Truecaller',
		action: 'Turn a CleverTap webhook into an audience',
		subtitle: 'Audience from CleverTap',
	},
	{
		name: 'From Segment Event',
		value: FROM_SEGMENT,
		description:
			'One item per Segment call (identify, track, page, screen, group) that carries a phone, ready for Truecaller',
		action: 'Turn Segment events into an audience',
		subtitle: 'Audience from Segment',
	},
	{
		name: 'From WebEngage Webhook',
		value: FROM_WEBENGAGE,
		description:
			'One item per WebEngage webhook (journey Webhook channel or data platform) that carries a phone, ready for Truecaller',
		action: 'Turn a WebEngage webhook into an audience',
		subtitle: 'Audience from WebEngage',
	},
];

export const audienceProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: forAudience },
		options: dropdownOptions(AUDIENCE_OPERATIONS),
		default: FROM_CLEVERTAP,
	},
	{
		displayName: 'CleverTap Body Field',
		name: 'bodyField',
		type: 'string',
		default: 'body',
		description:
			'Where the CleverTap body is in the input item: "body" for an n8n Webhook node; a dotted path for another field; empty for the whole item',
		displayOptions: { show: forCleverTap },
	},
	{
		displayName: 'Default Country Code',
		name: 'defaultCountryCode',
		type: 'string',
		default: DEFAULT_COUNTRY_CODE,
		description: 'Prefixed to national phone numbers to make the 12-digit Truecaller form',
		displayOptions: { show: forCleverTap },
	},
	{
		displayName: 'Profiles Without a Usable Phone',
		name: 'withoutPhone',
		type: 'options',
		options: [
			{
				name: 'Skip and Count',
				value: 'skip',
				description: 'Leave them out; the count shows as a hint on the node',
			},
			{
				name: 'Output an Error Item',
				value: 'error',
				description: 'One item with an error naming the profile',
			},
		],
		default: 'skip',
		displayOptions: { show: forCleverTap },
	},
	{
		displayName: 'Output an Item for Test Bodies',
		name: 'emitTestItem',
		type: 'boolean',
		default: false,
		description:
			'Whether a CleverTap test body ("is_test": true, sent when a webhook is saved) yields one item saying so. It never yields profiles.',
		displayOptions: { show: forCleverTap },
	},
	...fromSegmentEvent.description,
	...fromWebEngageWebhook.description,
];
