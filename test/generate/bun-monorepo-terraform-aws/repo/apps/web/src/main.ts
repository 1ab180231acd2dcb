export const title = "Storefront";
