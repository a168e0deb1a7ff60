import { render, README } from '../../scripts/readme-tables';
import { readRepositoryFile } from '../support/repositoryFiles';

describe('README', () => {
	it('shows the matrix and field rules exactly as the code has them (run `npm run readme` after a change)', () => {
		const readme = readRepositoryFile(README);
		expect(render(readme)).toBe(readme);
	});

	it('has the generated matrix filled in', () => {
		const readme = readRepositoryFile(README);
		expect(readme).toContain(
			'| Caller ID (`cid`) | `theme_color`*, `text_color`*, `title`*, `sub_title`* |',
		);
	});
});
