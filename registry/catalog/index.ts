export { type CatalogOptions, catalogRoutes, createCatalogRoutes } from './routes.js';
