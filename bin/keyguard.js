#!/usr/bin/env node
// Thin shim: the built entry does the work. Kept tiny so the hook starts fast.
import '../dist/bin.js';
