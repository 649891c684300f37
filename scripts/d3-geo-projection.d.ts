/** The one function of d3-geo-projection the asset build uses (the package ships no types). */
declare module 'd3-geo-projection' {
  import type { GeoProjection } from 'd3-geo';
  export function geoProject(object: object, projection: GeoProjection): object;
}
