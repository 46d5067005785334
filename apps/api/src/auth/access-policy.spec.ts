import { isAllowed } from './access-policy';

describe('access policy', () => {
  it.each(['GET', 'HEAD', 'OPTIONS', 'get'])('both roles may %s (reads)', (method) => {
    expect(isAllowed('operator', method)).toBe(true);
    expect(isAllowed('auditor', method)).toBe(true);
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('only the operator may %s (commands)', (method) => {
    expect(isAllowed('operator', method)).toBe(true);
    expect(isAllowed('auditor', method)).toBe(false);
  });

  it('@Roles() decides alone when present, whatever the method', () => {
    expect(isAllowed('auditor', 'POST', ['operator', 'auditor'])).toBe(true);
    expect(isAllowed('auditor', 'GET', ['operator'])).toBe(false);
    expect(isAllowed('operator', 'GET', ['auditor'])).toBe(false);
  });

  it('an empty @Roles() list falls back to the method rule', () => {
    expect(isAllowed('auditor', 'POST', [])).toBe(false);
  });
});
