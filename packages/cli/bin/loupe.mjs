#!/usr/bin/env node
import { loadEntry } from './bootstrap.mjs';

const { main } = await loadEntry('main');
process.exit(await main(process.argv.slice(2)));
