import { FreshRead } from './fresh-read';

/** A read whose answers the test releases one by one; records when each call of it was made. */
function controlledRead() {
  const pending: ((value: number) => void)[] = [];
  let calls = 0;
  return {
    read: () =>
      new Promise<number>((resolve) => {
        calls++;
        pending.push(resolve);
      }),
    answer: (value: number) => pending.shift()!(value),
    calls: () => calls,
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('FreshRead: a read made after the caller asked, shared with the callers asking meanwhile', () => {
  it('alone, a caller reads at once', async () => {
    const r = controlledRead();
    const shared = new FreshRead<number>();
    const a = shared.of('k', r.read);
    expect(r.calls()).toBe(1);
    r.answer(7);
    await expect(a).resolves.toBe(7);
  });

  it('callers arriving while a read is in flight get the next read (made after they asked), one for all of them', async () => {
    const r = controlledRead();
    const shared = new FreshRead<number>();
    const first = shared.of('k', r.read);
    const second = shared.of('k', r.read);
    const third = shared.of('k', r.read);
    expect(r.calls()).toBe(1);
    r.answer(1); // in flight when the second and third asked: too old for them
    await expect(first).resolves.toBe(1);
    await tick();
    expect(r.calls()).toBe(2);
    r.answer(2);
    await expect(second).resolves.toBe(2);
    await expect(third).resolves.toBe(2);
  });

  it('a failed read fails its callers only; the next callers read again', async () => {
    const shared = new FreshRead<number>();
    await expect(shared.of('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect(shared.of('k', () => Promise.resolve(3))).resolves.toBe(3);
  });

  it('keys are independent', async () => {
    const r = controlledRead();
    const shared = new FreshRead<number>();
    const a = shared.of('a', r.read);
    const b = shared.of('b', r.read);
    expect(r.calls()).toBe(2);
    r.answer(1);
    r.answer(2);
    await expect(Promise.all([a, b])).resolves.toEqual([1, 2]);
  });
});
