import type { INodeProperties } from 'n8n-workflow';

import { type OperationOption, dropdownOptions } from '../../../shared/subtitle';
import { BUILD_PAYLOAD, SEND, SEND_IN_BULK } from '../names';
import * as buildPayload from './buildPayload.operation';
import {
	forCampaign,
	receiverFields,
	webhookCampaignIdField,
	webhookContentFields,
} from './common.descriptions';
import * as send from './send.operation';
import * as sendInBulk from './sendInBulk.operation';

export const CAMPAIGN_OPERATIONS: OperationOption[] = [
	{
		name: 'Build Payload',
		value: BUILD_PAYLOAD,
		description: 'Validate and return the exact requests Send would post, without sending them',
		subtitle: 'Build Verified Campaign Payload',
	},
	{
		name: 'Send',
		value: SEND,
		description: 'Send one Verified Campaign per receiver number',
		subtitle: 'Send Verified Campaign',
	},
	{
		name: 'Send in Bulk',
		value: SEND_IN_BULK,
		description:
			"Send a campaign set up in the console to many receivers through Truecaller's Bulk API, 500 per call",
		subtitle: 'Send Verified Campaign in Bulk',
	},
];

/** The resource's parameters in the order the editor shows them; shared ones come first. */
export const campaignProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: forCampaign },
		options: dropdownOptions(CAMPAIGN_OPERATIONS),
		default: SEND,
	},
	webhookCampaignIdField,
	...receiverFields,
	...webhookContentFields,
	...send.description,
	...buildPayload.description,
	...sendInBulk.description,
];
