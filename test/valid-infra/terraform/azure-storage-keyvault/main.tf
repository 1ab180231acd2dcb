provider "azurerm" {
  features {
    key_vault {
      purge_soft_delete_on_destroy = false
    }
  }
}

data "azurerm_client_config" "current" {}

variable "tags" {
  type        = map(string)
  description = "Tags of every resource; must hold Environment, Owner and CostCenter."
}

resource "azurerm_resource_group" "data" {
  name     = "rg-data"
  location = "westeurope"
  tags     = var.tags
}

resource "azurerm_storage_account" "data" {
  name                     = "acmedata001"
  resource_group_name      = azurerm_resource_group.data.name
  location                 = azurerm_resource_group.data.location
  account_tier             = "Standard"
  account_replication_type = "GRS"
  min_tls_version          = "TLS1_2"
  tags                     = var.tags
}

resource "azurerm_key_vault" "data" {
  name                      = "kv-acme-data"
  location                  = azurerm_resource_group.data.location
  resource_group_name       = azurerm_resource_group.data.name
  tenant_id                 = data.azurerm_client_config.current.tenant_id
  sku_name                  = "standard"
  purge_protection_enabled  = true
  enable_rbac_authorization = true
  tags                      = var.tags
}
