// Preloaded into the CLI by test/bad-inputs.test.ts (node --import): remembers every own property of the
// built-in prototypes when the process starts and, when it exits, reports on standard error any property
// that was added, removed or replaced — a "__proto__" or "constructor" key in a rule set or dataset that
// got merged into Object.prototype would show up here as
//
//   kaoping-pollution-guard: Object.prototype.polluted was added
//
// It writes nothing when nothing changed.

const watched = {
  Object: Object.prototype,
  Array: Array.prototype,
  Function: Function.prototype,
  String: String.prototype,
  Number: Number.prototype,
  Boolean: Boolean.prototype,
  RegExp: RegExp.prototype,
  Promise: Promise.prototype,
  Error: Error.prototype,
  Map: Map.prototype,
  Set: Set.prototype,
};

const snapshot = new Map(
  Object.entries(watched).map(([name, prototype]) => [
    name,
    new Map(Reflect.ownKeys(prototype).map((key) => [key, Object.getOwnPropertyDescriptor(prototype, key)])),
  ]),
);

process.on('exit', () => {
  const changes = [];
  for (const [name, prototype] of Object.entries(watched)) {
    const before = snapshot.get(name);
    const keys = new Set([...before.keys(), ...Reflect.ownKeys(prototype)]);
    for (const key of keys) {
      const was = before.get(key);
      const is = Object.getOwnPropertyDescriptor(prototype, key);
      const what = `${name}.prototype.${String(key)}`;
      if (was === undefined) changes.push(`${what} was added`);
      else if (is === undefined) changes.push(`${what} was removed`);
      else if (was.value !== is.value || was.get !== is.get || was.set !== is.set) changes.push(`${what} was replaced`);
    }
  }
  if (Object.getPrototypeOf(Object.prototype) !== null) changes.push("Object.prototype's own prototype was set");
  for (const change of changes) process.stderr.write(`kaoping-pollution-guard: ${change}\n`);
});
