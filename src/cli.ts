#!/usr/bin/env node
import { z } from 'zod';
if (process.argv[2] === 'policy-schema') process.stdout.write(JSON.stringify(z.toJSONSchema(z.object({a: z.string()})), null, 2) + '\n');
else console.log('cli');
