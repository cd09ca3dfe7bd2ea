// keyguard scans what the commit adds: the staged (index) content, only the added lines.
// The function form runs the command once, without lint-staged's list of working-tree file names.
export default {
  '*': () => 'keyguard scan --staged',
};
