/**
 * The preview stored through n8n's binary data service in its filesystem mode (the default of a
 * single n8n), as `n8n start` sets it up: every output item refers to a stored file by its binary
 * id, and one campaign is one file however many items and receivers share it.
 */
import type { BinaryDataService } from 'n8n-core';
import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';

import { Truecaller } from '../../nodes/Truecaller/Truecaller.node';
import { useFilesystemBinaryMode } from '../support/binaryDataMode';
import { runNode } from '../support/executor';
import { createSandbox } from '../../dev/sandbox/sandbox';

let binaryMode: {
	service: BinaryDataService;
	storedFiles: () => number;
	remove: () => void;
};
let sandbox: ReturnType<typeof createSandbox>;

beforeAll(async () => {
	binaryMode = await useFilesystemBinaryMode();
	sandbox = createSandbox({ orgId: 'org-1', token: 'token-1' });
	await sandbox.listen();
});

afterAll(async () => {
	await sandbox.close();
	binaryMode.remove();
});

async function run(operation: string, titles: string[], receivers: string) {
	const before = binaryMode.storedFiles();
	const [items] = await runNode({
		node: new Truecaller(),
		credentials: { endpointUrl: sandbox.campaignUrl, orgId: 'org-1', webhookToken: 'token-1' },
		items: titles.map((title) => ({ title })),
		parameters: {
			resource: 'verifiedCampaign',
			operation,
			campaignId: 'spring-42',
			receivers,
			defaultCountryCode: '91',
			contentMode: 'fields',
			additionalFields: {},
			displayUnit: 'mid',
			templateStyle: '1',
			themeColor: '#1E8E3E',
			textColor: '#FFFFFF',
			title: '={{ $json.title }}',
			callToAction: 'Track',
			deeplink: 'myapp://track',
			options: { includePreview: true },
		},
	});
	return { items, filesStored: binaryMode.storedFiles() - before };
}

const previewOf = (item: INodeExecutionData) => item.binary?.preview as IBinaryData;

describe('the preview in n8n filesystem binary mode', () => {
	it.each(['buildPayload', 'send'])(
		'%s: 3 items x 2 receivers of one campaign share one stored file',
		async (operation) => {
			const { items, filesStored } = await run(
				operation,
				Array(3).fill('Your parcel is on its way'),
				'9841012345, 9841012346',
			);
			expect(items).toHaveLength(6);
			expect(filesStored).toBe(1);
			const ids = new Set(items.map((item) => previewOf(item).id));
			expect(ids.size).toBe(1);
			const [id] = ids;
			expect(id).toMatch(/^filesystem-v2:/);
			expect(previewOf(items[0])).toMatchObject({
				mimeType: 'image/svg+xml',
				fileName: 'campaign-preview-mid-template-1.svg',
				fileExtension: 'svg',
				data: 'filesystem-v2',
			});
			const svg = (await binaryMode.service.getAsBuffer(previewOf(items[5]))).toString('utf8');
			expect(svg).toMatch(/^<svg /);
			expect(svg).toContain('>Your parcel is on its way<');
			expect(previewOf(items[5]).bytes).toBe(Buffer.byteLength(svg));
		},
	);

	it('each distinct campaign gets its own file, and each item the file of its own campaign', async () => {
		const titles = ['First offer', 'Second offer', 'First offer'];
		const { items, filesStored } = await run('buildPayload', titles, '9841012345');
		expect(filesStored).toBe(2);
		const svgs = await Promise.all(
			items.map(async (item) =>
				(await binaryMode.service.getAsBuffer(previewOf(item))).toString('utf8'),
			),
		);
		titles.forEach((title, index) => expect(svgs[index]).toContain(`>${title}<`));
		expect(previewOf(items[2]).id).toBe(previewOf(items[0]).id);
	});
});
