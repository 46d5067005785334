import { describeListenAddress } from './listen-address';

describe('describeListenAddress (the start log)', () => {
  it('names every interface as such, with a URL that works locally', () => {
    expect(describeListenAddress({ address: '::', family: 'IPv6', port: 3000 })).toBe(
      'http://localhost:3000 (all interfaces, port 3000)',
    );
    expect(describeListenAddress({ address: '0.0.0.0', family: 'IPv4', port: 8080 })).toContain('all interfaces');
  });
  it('gives a bound address as its URL', () => {
    expect(describeListenAddress({ address: '127.0.0.1', family: 'IPv4', port: 4000 })).toBe('http://127.0.0.1:4000');
    expect(describeListenAddress({ address: '::1', family: 'IPv6', port: 4000 })).toBe('http://[::1]:4000');
  });
});
