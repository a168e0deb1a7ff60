/**
 * The campaign preview as an n8n file, stored through n8n's binary helper
 * (`helpers.prepareBinaryData`) as n8n's own nodes store files. It therefore follows the instance's
 * binary data mode: a file on disk (filesystem, the default of a single n8n), a row in the database
 * (the default in queue mode, read by every process) or an object in S3, referenced by its binary
 * id; in n8n's old in-memory mode it travels in the item as base64. n8n's webhook answers, Respond to
 * Webhook, Extract From File and the editor's download all read it like any other file.
 *
 * One file per distinct picture per run: items with the same content and the same problems (Send's
 * usual run, one campaign for thousands of receivers) share one stored file and its id, so the
 * preview costs one drawing and one write per campaign, not per receiver.
 */
import { createHash } from 'crypto';
import type { IBinaryData, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { WIRE } from '../../campaign/matrix';
import { renderPreview } from '../../campaign/preview';
import type { CampaignItem } from './campaignItems';

const PREVIEW_PROPERTY = 'preview';
const SVG_MIME_TYPE = 'image/svg+xml';

/** A name that says which cell it shows, safe as a file name whatever the input was. */
function fileName(content: Record<string, unknown>): string {
	const part = (value: unknown) =>
		String(value ?? 'unknown')
			.replace(/[^A-Za-z0-9-]+/g, '_')
			.slice(0, 40);
	return `campaign-preview-${part(content[WIRE.displayUnit])}-template-${part(content[WIRE.templateStyle])}.svg`;
}

/** The hash of everything the picture is drawn from: the content as read and the item's problems. */
function pictureHash({ content, issues }: CampaignItem): string {
	const problems = issues.map(({ field, message }) => [field, message]);
	return createHash('sha256')
		.update(JSON.stringify([content, problems]))
		.digest('base64');
}

async function storePreview(context: IExecuteFunctions, item: CampaignItem): Promise<IBinaryData> {
	const svg = Buffer.from(renderPreview(item.content, item.issues), 'utf8');
	return await context.helpers.prepareBinaryData(svg, fileName(item.content), SVG_MIME_TYPE);
}

/**
 * Attaches its input item's preview to every output item (each gets its own copy of the metadata,
 * all pointing at the one stored file).
 */
export async function withPreviews(
	context: IExecuteFunctions,
	output: INodeExecutionData[],
	items: CampaignItem[],
): Promise<INodeExecutionData[]> {
	const storedByHash = new Map<string, IBinaryData>();
	const previewOfItem = new Map<number, IBinaryData>();
	for (const item of items) {
		const hash = pictureHash(item);
		let preview = storedByHash.get(hash);
		if (!preview) storedByHash.set(hash, (preview = await storePreview(context, item)));
		previewOfItem.set(item.itemIndex, preview);
	}
	for (const outputItem of output) {
		const preview = previewOfItem.get((outputItem.pairedItem as { item: number }).item);
		if (preview) outputItem.binary = { ...outputItem.binary, [PREVIEW_PROPERTY]: { ...preview } };
	}
	return output;
}
