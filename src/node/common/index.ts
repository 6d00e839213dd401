export { type CommonDeps, type CommonService, createCommonService } from './common.js'
