import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { WIRE } from '../../campaign/matrix';
import { deliverAll } from '../../../shared/delivery/engine';
import {
	type DeliveryOptionValues,
	deliveryOptionProperties,
	deliveryPolicy,
	requestTimeout,
} from '../../../shared/delivery/options';
import { posterFor } from '../../../shared/delivery/http';
import {
	inInputOrder,
	outcomeJson,
	refuseInvalidItems,
	throwUnlessAllDelivered,
} from '../../../shared/output';
import { ENDPOINT_FIELD, TRUECALLER_CREDENTIAL, TRUECALLER_DELIVERY } from '../../transport';
import { readCampaignItems } from './campaignItems';
import { withPreviews } from './previewBinary';
import { CAMPAIGN_RESOURCE, SEND } from '../names';
import { hashReceiversOption } from './common.descriptions';

interface SendOptions extends DeliveryOptionValues {
	hashReceivers?: boolean;
	includePreview?: boolean;
}

/** Send's own parameters; the campaign fields it shares with Build Payload are in common.descriptions. */
export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: [CAMPAIGN_RESOURCE], operation: [SEND] } },
	[
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: deliveryOptionProperties(TRUECALLER_DELIVERY, [
				hashReceiversOption,
				{
					displayName: 'Include Preview',
					name: 'includePreview',
					type: 'boolean',
					default: false,
					description:
						'Whether each output item also carries a picture (SVG, binary property "preview") of the campaign as the phone shows it. Build Payload always does.',
				},
			]),
		},
	],
);

/** One campaign per receiver, every item validated before the first request. */
export async function execute(context: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const options = context.getNodeParameter('options', 0, {}) as SendOptions;
	const built = readCampaignItems(context, options.hashReceivers === true);
	const continueOnFail = context.continueOnFail();
	const refused = refuseInvalidItems(context, 'campaign', built);
	const timeout = requestTimeout(options, TRUECALLER_DELIVERY);
	const post = await posterFor(context, TRUECALLER_CREDENTIAL, ENDPOINT_FIELD, timeout);

	const jobs = built.flatMap(({ itemIndex, payloads }) =>
		payloads.map((payload) => ({ itemIndex, payload })),
	);
	const outcomes = await deliverAll(
		jobs,
		(job) => post(job.payload),
		deliveryPolicy(options, TRUECALLER_DELIVERY, 0, context.getExecutionCancelSignal?.()),
	);

	const results = jobs.map((job, index) => ({
		outcome: outcomes[index],
		itemIndex: job.itemIndex,
		label: `receiver ${job.payload.profile.receiver_number}`,
	}));
	if (!continueOnFail) throwUnlessAllDelivered(context, results);

	const output: INodeExecutionData[] = [...refused];
	results.forEach(({ outcome, itemIndex }, index) => {
		const { payload } = jobs[index];
		const json: IDataObject = {
			receiver: payload.profile.receiver_number,
			campaignId: payload.profile.campaign_id,
			displayUnit: payload.content[WIRE.displayUnit],
			templateStyle: payload.content[WIRE.templateStyle],
			...outcomeJson(outcome),
		};
		if (options.includePayload) json.payload = payload as unknown as IDataObject;
		output.push({ json, pairedItem: { item: itemIndex } });
	});
	if (options.includePreview) await withPreviews(context, output, built);
	return inInputOrder(output);
}
