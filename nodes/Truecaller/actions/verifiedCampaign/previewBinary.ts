/**
 * The campaign preview as n8n binary data: one SVG per input item, shared by the output items of its
 * receivers (they all get the same campaign).
 *
 * Built directly rather than through `helpers.prepareBinaryData`: in n8n's filesystem binary mode
 * (2.41's default) that writes files one at a time, measured at about 1 ms per item, 11 s for
 * 10,000 items; a preview is small (about 2 KB), so it travels in the item like n8n's default
 * binary mode keeps any file. A workflow in n8n's "combined" binary mode still has n8n store it.
 */
import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';

import { WIRE } from '../../campaign/matrix';
import { renderPreview } from '../../campaign/preview';
import type { CampaignItem } from './campaignItems';

export const PREVIEW_PROPERTY = 'preview';
const SVG_MIME_TYPE = 'image/svg+xml';

/** A name that says which cell it shows, safe as a file name whatever the input was. */
function fileName(content: Record<string, unknown>): string {
	const part = (value: unknown) =>
		String(value ?? 'unknown')
			.replace(/[^A-Za-z0-9-]+/g, '_')
			.slice(0, 40);
	return `campaign-preview-${part(content[WIRE.displayUnit])}-template-${part(content[WIRE.templateStyle])}.svg`;
}

/** Size as n8n shows it ("2.27 kB"). */
function fileSize(bytes: number): string {
	return bytes < 1000 ? `${bytes} B` : `${(bytes / 1000).toFixed(2)} kB`;
}

export function previewBinary(item: CampaignItem): IBinaryData {
	const svg = Buffer.from(renderPreview(item.content, item.issues), 'utf8');
	return {
		data: svg.toString('base64'),
		mimeType: SVG_MIME_TYPE,
		fileType: 'image',
		fileName: fileName(item.content),
		fileExtension: 'svg',
		fileSize: fileSize(svg.length),
		bytes: svg.length,
	};
}

/**
 * Attaches its input item's preview to every output item (each gets its own copy of the metadata),
 * rendering each input item's preview once.
 */
export function withPreviews(
	output: INodeExecutionData[],
	items: CampaignItem[],
): INodeExecutionData[] {
	const byIndex = new Map(items.map((item) => [item.itemIndex, item]));
	const previews = new Map<number, IBinaryData>();
	for (const outputItem of output) {
		const index = (outputItem.pairedItem as { item: number }).item;
		const item = byIndex.get(index);
		if (!item) continue;
		let preview = previews.get(index);
		if (!preview) previews.set(index, (preview = previewBinary(item)));
		outputItem.binary = { ...outputItem.binary, [PREVIEW_PROPERTY]: { ...preview } };
	}
	return output;
}
