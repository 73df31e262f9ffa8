export { REPO_ROOT, readmeBlock } from './readme-block.mjs';
