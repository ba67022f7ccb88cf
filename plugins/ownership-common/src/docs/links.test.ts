import { isNavigableUrl } from './links';

describe('isNavigableUrl', () => {
  it.each([
    ['https://runbooks.example/checkout', true],
    ['http://127.0.0.1:3000/grafana', true],
    ['mailto:payments@example.com', true],
    ['/docs/default/component/checkout', true],
    ['runbook.md', true],
    ['//cdn.example/x', true],
    // eslint-disable-next-line no-script-url -- the hostile input under test
    ['javascript:alert(1)', false],
    [' JavaScript:alert(1)', false],
    ['java\tscript:alert(1)', false],
    ['\u0000javascript:alert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['vbscript:msgbox(1)', false],
    ['file:///etc/passwd', false],
    ['http://[::1', false],
  ])('%j → %s', (url, expected) => {
    expect(isNavigableUrl(url)).toBe(expected);
  });
});
