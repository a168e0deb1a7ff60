import * as fs from 'fs';

import { render, README } from '../../scripts/readme-tables';

describe('README', () => {
	it('shows the matrix and field rules exactly as the code has them (run `npm run readme` after a change)', () => {
		const readme = fs.readFileSync(README, 'utf8');
		expect(render(readme)).toBe(readme);
	});

	it('has the generated matrix filled in', () => {
		const readme = fs.readFileSync(README, 'utf8');
		expect(readme).toContain(
			'| Caller ID (`cid`) | `theme_color`*, `text_color`*, `title`*, `sub_title`* |',
		);
	});
});
