/**
 * The file system calls kaoping's reading and writing await: Node's callback functions made into promises, not
 * `node:fs/promises`, whose loading (with the readline interface, directory and watcher modules it brings) took
 * about 2 ms of every start of the command. `fs.promises.writeFile`, which takes an output's pieces as they come,
 * is read through `fs.promises` where it is called, which loads that module only then.
 */
import { access as accessCallback, mkdir as mkdirCallback, readdir as readdirCallback, readFile as readFileCallback, rename as renameCallback, rm as rmCallback, stat as statCallback } from 'node:fs';
import { promisify } from 'node:util';

export const access = promisify(accessCallback);
export const mkdir = promisify(mkdirCallback);
export const readdir = promisify(readdirCallback);
export const readFile = promisify(readFileCallback);
export const rename = promisify(renameCallback);
export const rm = promisify(rmCallback);
export const stat = promisify(statCallback);
